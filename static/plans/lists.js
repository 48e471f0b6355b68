/* The plan's lists, edited in the page: add, move and remove a line without a round trip.
   Without JavaScript the same buttons post the form and the server does it (plans/forms.py).
   Nothing is saved until the person presses "Save". */
(function () {
  "use strict";

  function renumber(list) {
    Array.prototype.forEach.call(list.children, function (line, i) {
      line.querySelectorAll("[data-n]").forEach(function (el) { el.textContent = String(i + 1); });
      line.querySelectorAll("[data-label]").forEach(function (el) {
        el.setAttribute("aria-label", el.getAttribute("data-label") + " " + (i + 1));
      });
      line.querySelectorAll("button[data-op]").forEach(function (button) {
        button.value = button.getAttribute("data-op") + ":" + list.getAttribute("data-part") + ":" + i;
      });
    });
  }

  function announce(form, key) {
    var status = form.querySelector("[data-list-status]");
    if (status) { status.textContent = status.getAttribute("data-" + key) || ""; }
  }

  function newLine(part) {
    var template = part.querySelector("template[data-line-template]");
    return template.content.firstElementChild.cloneNode(true);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-op]");
    if (!button) { return; }
    var form = button.closest("form[data-plan-lists]");
    if (!form) { return; }
    event.preventDefault();
    var op = button.getAttribute("data-op");
    var part = button.closest(".plan-part");
    var list = part.querySelector(".plan-list");
    if (op === "add") {
      var added = newLine(part);
      list.appendChild(added);
      renumber(list);
      added.querySelector("input").focus();
      announce(form, "added");
      return;
    }
    var line = button.closest(".plan-line");
    if (op === "remove") {
      var neighbour = line.nextElementSibling || line.previousElementSibling;
      line.remove();
      if (!list.children.length) { neighbour = newLine(part); list.appendChild(neighbour); }
      renumber(list);
      neighbour.querySelector("input").focus();
      announce(form, "removed");
      return;
    }
    if (op === "up" && line.previousElementSibling) {
      list.insertBefore(line, line.previousElementSibling);
    } else if (op === "down" && line.nextElementSibling) {
      list.insertBefore(line.nextElementSibling, line);
    } else {
      return;
    }
    renumber(list);
    button.focus();
    announce(form, "moved");
  });
})();
