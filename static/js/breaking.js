// The breaking banner's "Dismiss": remembered in localStorage (no cookie, nothing sent), for this banner only,
// so a new one (or the same story turned from Developing to Breaking) shows again. Without it the banner stays.
(function () {
  "use strict";
  var STORE = "newsportal:breaking-dismissed";
  var banner = document.currentScript && document.currentScript.previousElementSibling;
  if (!banner || !banner.hasAttribute("data-breaking")) return;
  var key = banner.getAttribute("data-breaking");
  var storage;
  try {
    storage = window.localStorage;
    if (storage.getItem(STORE) === key) {
      banner.hidden = true;
      return;
    }
  } catch (error) {
    return; // storage refused (private mode, blocked): the banner stays, it cannot be dismissed
  }
  var button = banner.querySelector(".breaking__dismiss");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    try {
      storage.setItem(STORE, key);
    } catch (error) {
      // full or refused: dismissed for this page only
    }
    banner.hidden = true;
    // The focused button is gone: continue from the page's content rather than from the top.
    var main = document.getElementById("main");
    if (main) {
      main.setAttribute("tabindex", "-1");
      main.focus();
    }
  });
})();
