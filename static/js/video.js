// Click-to-load video embeds. The page ships only a local poster inside a
// link to the video on YouTube or Vimeo, so nothing is requested from the
// video site until the reader acts. With this file the link becomes a button
// that swaps in the provider's privacy-enhanced player (youtube-nocookie.com,
// Vimeo with dnt=1), the only frames the Content Security Policy allows.
(function () {
  "use strict";

  function play(button, link) {
    var frame = document.createElement("iframe");
    frame.src = link.dataset.videoEmbed;
    frame.title = link.dataset.videoTitle;
    frame.className = "video__player";
    frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture"; // within the Permissions-Policy header
    frame.allowFullscreen = true;
    frame.loading = "lazy";
    // YouTube's player refuses to start without knowing the embedding site.
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    var badge = button.parentNode.querySelector(".video__duration");
    if (badge) {
      badge.remove(); // the player shows its own time
    }
    button.replaceWith(frame);
    frame.focus();
  }

  document.querySelectorAll("a.video__play[data-video-embed]").forEach(function (link) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    while (link.firstChild) {
      button.appendChild(link.firstChild);
    }
    // "Watch on YouTube: <headline>, 3:25" becomes "Play video: <headline>, 3:25".
    button.setAttribute("aria-label", link.dataset.playLabel);
    var action = button.querySelector("[data-play-text]");
    if (action) {
      action.textContent = action.dataset.playText;
    }
    button.addEventListener("click", function () {
      play(button, link);
    });
    link.replaceWith(button);
  });
})();
