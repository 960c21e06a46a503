// Click-to-load embeds in an article body (posts on X, Instagram, Bluesky; Datawrapper and Flourish
// charts). The page holds only a link to the original and a hidden button; nothing is requested from
// the provider until the reader presses "Load … content", which swaps in the provider's frame (the only
// frames the Content Security Policy allows). Without this file the link to the original is what works.
(function () {
  "use strict";

  document.querySelectorAll("[data-embed-block] .body-embed__load[data-embed-frame]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var box = button.closest("[data-embed-block]");
      var frame = document.createElement("iframe");
      frame.src = button.dataset.embedFrame;
      frame.title = button.dataset.embedTitle;
      frame.className = "body-embed__frame";
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox");
      box.replaceWith(frame);
      frame.focus();
    });
  });
})();
