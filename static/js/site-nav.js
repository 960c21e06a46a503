// Progressive enhancement for the main bar's <details> dropdowns (and the type labels' tooltips): they work
// without this file (Enter/Space toggle them); with it, a click elsewhere or
// Escape closes an open one, as readers expect from a menu.
(function () {
  "use strict";

  function openMenus() {
    return document.querySelectorAll(".site-nav details[open]");
  }

  document.addEventListener("click", function (event) {
    openMenus().forEach(function (details) {
      if (!details.contains(event.target)) {
        details.open = false;
      }
    });
  });

  // A type label's explanation shows on hover and focus (CSS alone); Escape hides it until the pointer
  // or the focus moves on, so it never has to be moved away from to read what it covered (WCAG 1.4.13).
  function showTipsAgain() {
    document.documentElement.classList.remove("tips-dismissed");
  }
  document.addEventListener("focusin", showTipsAgain);
  document.addEventListener("mouseover", function (event) {
    if (!event.target.closest || !event.target.closest(".type-label")) {
      showTipsAgain();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    document.documentElement.classList.add("tips-dismissed");
    // Close the innermost open menu around the focus (a dropdown inside the
    // phone menu first), and put the focus back on its toggle.
    var focused = document.activeElement;
    var details = focused && focused.closest ? focused.closest(".site-nav details[open]") : null;
    if (!details) {
      var open = openMenus();
      details = open.length ? open[open.length - 1] : null;
    }
    if (details) {
      details.open = false;
      details.querySelector("summary").focus();
    }
  });
})();
