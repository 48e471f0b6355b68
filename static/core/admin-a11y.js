/* Accessible names for the admin's widgets that Django and its vendored libraries leave unnamed
   (axe, WCAG 2.2 A/AA). Loaded on every admin page (templates/admin/base_site.html); it runs on
   load and whenever the page changes (inlines added, select2 rebuilt).

   - select2 (the admin's autocomplete) hides the labelled <select> and shows its own combobox
     and search box, whose aria-labelledby points at their (often empty) text: name them with the
     text of the select's <label>.
   - Date and time inputs of a date-time field (AdminSplitDateTime) have no label of their own:
     name each with the field's label and the word before it ("Dato", "Tid").
   - Fields in a tabular inline are named by their column's heading.
   - The filter boxes of the two-list selector (filter_horizontal) put aria-label on a <span>
     without a role, which ARIA does not allow: give it role="img". */
(function () {
  function setName(el, text) {
    if (text && el.getAttribute("aria-label") !== text) {
      el.removeAttribute("aria-labelledby");
      el.setAttribute("aria-label", text);
    }
  }

  function labelText(id) {
    var label = id && document.querySelector('label[for="' + id + '"]');
    return label ? label.textContent.replace(/[:*]\s*$/, "").trim() : "";
  }

  function nameSelect2() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2")) {
        return;
      }
      var text = labelText(select.id);
      container
        .querySelectorAll('[role="combobox"], [role="textbox"], [role="searchbox"], input')
        .forEach(function (el) { setName(el, text); });
      // A multiple select2 lists its choices in a <ul> inside a combobox, where a list is not
      // allowed: the list's items are presentational chips, so say so.
      container.querySelectorAll("ul.select2-selection__rendered").forEach(function (ul) {
        ul.setAttribute("role", "presentation");
        ul.querySelectorAll(":scope > li").forEach(function (li) {
          li.setAttribute("role", "presentation");
        });
      });
    });
  }

  function nameSplitDateTimes() {
    document.querySelectorAll("p.datetime").forEach(function (p) {
      var inputs = p.querySelectorAll("input");
      if (!inputs.length) {
        return;
      }
      var row = p.closest(".form-row, .fieldBox, td") || p.parentElement;
      var label = row ? row.querySelector("label") : null;
      var field = label ? label.textContent.replace(/[:*]\s*$/, "").trim() : "";
      inputs.forEach(function (input) {
        var before = input.previousSibling;
        while (before && before.nodeType !== Node.TEXT_NODE) {
          before = before.previousSibling;
        }
        var part = before ? before.textContent.replace(/[:\s]+$/, "").trim() : "";
        setName(input, [field, part].filter(Boolean).join(" – "));
      });
    });
  }

  function roleForTooltips() {
    document.querySelectorAll("span.help-tooltip[aria-label]").forEach(function (span) {
      if (!span.getAttribute("role")) {
        span.setAttribute("role", "img");
      }
    });
  }

  // Tabular inlines (rows of related objects) label their columns only in the table head: name
  // each field with its column's heading.
  function nameTabularFields() {
    document.querySelectorAll(".tabular table").forEach(function (table) {
      var head = table.tHead && table.tHead.rows[0];
      if (!head) {
        return;
      }
      table.querySelectorAll("tbody td input, tbody td select, tbody td textarea").forEach(
        function (field) {
          if (field.type === "hidden" || field.labels.length || field.getAttribute("aria-label")) {
            return;
          }
          var cell = field.closest("td");
          var heading = cell && head.cells[cell.cellIndex];
          var text = heading ? heading.textContent.replace(/[:*]\s*$/, "").trim() : "";
          if (text) {
            field.setAttribute("aria-label", text);
          }
        }
      );
    });
  }

  function run() {
    nameTabularFields();
    nameSelect2();
    nameSplitDateTimes();
    roleForTooltips();
  }

  document.addEventListener("DOMContentLoaded", function () {
    run();
    new MutationObserver(run).observe(document.body, { childList: true, subtree: true });
  });
})();
