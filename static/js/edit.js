// homeydash edit page: drag and drop (SortableJS, mouse and touch), focus kept on the move
// buttons, and a filter over the long lists of values. The page works without it: the forms
// post (htmx redraws the list in place; without htmx the page reloads at the list).
(function () {
  "use strict";

  // drag and drop ------------------------------------------------------------------------
  // The list is redrawn after every change, so each new list gets its own Sortable.
  function sortable(root) {
    var list = root.id === "tile-list" ? root : root.querySelector && root.querySelector("#tile-list");
    if (!list || list.__sortable || !window.Sortable || !window.htmx) return;
    list.__sortable = window.Sortable.create(list, {
      handle: ".drag-handle",
      animation: 150,
      forceFallback: true, // pointer events for mouse, pen and touch alike
      fallbackTolerance: 4,
      onEnd: function (event) {
        if (event.oldIndex === event.newIndex) return;
        var codes = Array.prototype.map.call(list.children, function (li) {
          return li.getAttribute("data-code");
        });
        window.htmx.ajax("POST", list.getAttribute("data-order-url"), {
          source: list,
          target: "#tiles",
          swap: "outerHTML settle:0ms",
          values: { order: codes.join(","), moved: event.item.getAttribute("data-code") }
        });
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { sortable(document); });
  document.addEventListener("htmx:load", function (event) { sortable(event.target); });

  // keyboard: ↑ and ↓ keep the focus on the moved tile's buttons -------------------------
  // htmx gives the focus back to the button pressed; at the top or bottom that button is
  // disabled, so the other one takes it.
  var lastMove = null;
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("move-form")) return;
    var button = event.submitter;
    lastMove = button ? button.id : null;
  }, true);
  document.addEventListener("htmx:afterSettle", function () {
    if (!lastMove) return;
    var pressed = document.getElementById(lastMove);
    lastMove = null;
    if (!pressed) return;
    if (pressed.disabled) {
      var other = pressed.id.indexOf("up-") === 0 ? "down-" : "up-";
      pressed = document.getElementById(other + pressed.id.slice(pressed.id.indexOf("-") + 1));
    }
    if (pressed && !pressed.disabled && document.activeElement !== pressed) pressed.focus();
  });

  // On a move button the arrow keys move too: ↑ and ↓ press the tile's own buttons.
  document.addEventListener("keydown", function (event) {
    var button = event.target;
    if (event.key !== "ArrowUp" && event.key !== "ArrowDown") return;
    if (!button.closest || !button.closest(".move-form") || event.altKey || event.ctrlKey || event.metaKey) return;
    var code = button.id.slice(button.id.indexOf("-") + 1);
    var target = document.getElementById((event.key === "ArrowUp" ? "up-" : "down-") + code);
    event.preventDefault();
    if (target && !target.disabled) target.click();
  });

  // filter the long lists: every word must appear in the option or its group -------------
  function filterOptions(input) {
    var select = document.getElementById(input.getAttribute("data-filter-for"));
    if (!select) return;
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var firstShown = null;
    Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
      var groupText = (group.getAttribute("label") || "").toLowerCase();
      var shown = 0;
      Array.prototype.forEach.call(group.querySelectorAll("option"), function (option) {
        var text = groupText + " " + option.textContent.toLowerCase();
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        option.hidden = !match;
        option.disabled = !match;
        if (match) {
          shown += 1;
          if (!firstShown) firstShown = option;
        }
      });
      group.hidden = shown === 0;
    });
    var selected = select.options[select.selectedIndex];
    if (firstShown && (!selected || selected.hidden)) firstShown.selected = true;
  }

  function setUpFilters(root) {
    var boxes = (root || document).querySelectorAll(".choice-filter");
    Array.prototype.forEach.call(boxes, function (box) {
      box.hidden = false;
      var input = box.querySelector(".filter-input");
      if (input && !input.__filter) {
        input.__filter = true;
        input.addEventListener("input", function () { filterOptions(input); });
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { setUpFilters(document); });
})();
