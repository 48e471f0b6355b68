/* The admin's autocomplete (select2) hides the labelled <select> and shows its own combobox,
   whose aria-labelledby points at its (often empty) text, so it has no accessible name. Name it
   with the text of the select's <label>, whenever select2 builds or rebuilds it. */
(function () {
  function name(root) {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = document.querySelector('label[for="' + select.id + '"]');
      var container = select.nextElementSibling;
      if (!label || !container || !container.classList.contains("select2")) {
        return;
      }
      var text = label.textContent.trim();
      container.querySelectorAll('[role="combobox"], [role="textbox"]').forEach(function (el) {
        if (el.getAttribute("aria-label") !== text) {
          el.removeAttribute("aria-labelledby");
          el.setAttribute("aria-label", text);
        }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    name();
    new MutationObserver(function () { name(); }).observe(document.body, {
      childList: true,
      subtree: true,
    });
  });
})();
