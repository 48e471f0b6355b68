/* Errors reach the person (issue 14). Load it right after htmx; no inline script (CSP).

   htmx does not swap a 4xx answer, so a form that answers 400 or 422 with itself re-rendered
   around its message (the facilitator's attendance row) would look unchanged. Those two are
   swapped like a success. For any other failure (a server error, a lost connection) the element
   that asked carries its own message in `data-error-message` and a `role="status"` region inside,
   which receives it, so the person never sees nothing happen. */
(function () {
  "use strict";

  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 400 || status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  function tell(event) {
    var source = event.detail.elt;
    var holder = source && source.closest("[data-error-message]");
    if (!holder) {
      return;
    }
    var region = holder.querySelector('[role="status"]');
    if (region) {
      region.textContent = "";
      var message = document.createElement("span");
      message.className = "text-danger";
      message.textContent = holder.getAttribute("data-error-message");
      region.appendChild(message);
    }
  }

  document.addEventListener("htmx:responseError", tell);
  document.addEventListener("htmx:sendError", tell);
})();
