// The hero picture chosen inside the article form: a panel with a thumbnail
// grid, search and upload (no popup window); the preview and its focal point
// appear as soon as a picture is chosen. Without JS the plain select works.
(function () {
  "use strict";
  var $ = window.django && window.django.jQuery;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  function csrf() {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    return token ? token.value : "";
  }

  // The library panel (search, thumbnail grid, upload), shared by the hero chooser and the body's
  // "Picture" button (admin-body-media.js). `onChoose(image)` gets the chooser's JSON for the picture.
  function library(options) {
    var prefix = options.prefix;
    var panel = el("div", { id: prefix + "-panel", class: "image-chooser__panel", role: "region",
                            "aria-label": options.label || "Picture library" });
    panel.hidden = true;
    var searchLabel = el("label", { for: prefix + "-q" }, "Search pictures");
    var search = el("input", { type: "search", id: prefix + "-q", placeholder: "alt text, caption, credit" });
    var grid = el("ul", { class: "image-chooser__grid", "aria-live": "polite" });
    var upload = el("fieldset", { class: "image-chooser__upload" });
    upload.append(el("legend", {}, "Upload a new picture"));
    var fileLabel = el("label", { for: prefix + "-file" }, "File");
    var file = el("input", { type: "file", id: prefix + "-file", accept: "image/jpeg,image/png,image/webp" });
    var altLabel = el("label", { for: prefix + "-alt" }, "Alt text (what the picture shows)");
    var alt = el("input", { type: "text", id: prefix + "-alt", maxlength: "250" });
    var creditLabel = el("label", { for: prefix + "-credit" }, "Credit");
    var credit = el("input", { type: "text", id: prefix + "-credit", maxlength: "120" });
    var send = el("button", { type: "button", class: "button" }, "Upload and use");
    var uploadStatus = el("p", { class: "image-chooser__status", role: "status" });
    upload.append(fileLabel, file, altLabel, alt, creditLabel, credit, send, uploadStatus);
    panel.append.apply(panel, (options.before || []).concat([searchLabel, search, grid, upload]));
    var shown = [];

    function render(results) {
      shown = results;
      grid.replaceChildren();
      if (!results.length) { grid.append(el("li", {}, "No pictures match.")); return; }
      results.forEach(function (image) {
        var item = el("li");
        var pick = el("button", { type: "button", class: "image-chooser__pick", "data-image-id": image.id });
        pick.append(el("img", { src: image.thumb, alt: "", width: "160", height: "90", loading: "lazy" }));
        pick.append(el("span", { class: "image-chooser__alt" }, image.alt));
        if (image.used) pick.append(el("span", { class: "image-chooser__used" }, "used in " + image.used));
        pick.addEventListener("click", function () { options.onChoose(image); });
        item.append(pick);
        grid.append(item);
      });
    }

    function load(term) {
      var url = options.chooserUrl + "?q=" + encodeURIComponent(term || "");
      return fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); })
        .then(function (data) { render(data.results); });
    }

    var timer = null;
    var pending = Promise.resolve();
    search.addEventListener("input", function () {
      clearTimeout(timer);
      pending = new Promise(function (resolve) {
        timer = setTimeout(function () { load(search.value).then(resolve, resolve); }, 200);
      });
    });
    search.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      // With `pickOnEnter`, Enter takes the first match once the search has answered (keyboard-only insertion).
      if (options.pickOnEnter) pending.then(function () { if (shown.length) options.onChoose(shown[0]); });
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); close(); if (options.onClose) options.onClose(); }
    });
    send.addEventListener("click", function () {
      if (!file.files.length) { uploadStatus.textContent = "Choose a file first."; return; }
      var body = new FormData();
      body.append("file", file.files[0]);
      body.append("alt_text", alt.value);
      body.append("credit", credit.value);
      uploadStatus.textContent = "Uploading…";
      fetch(options.uploadUrl, { method: "POST", body: body, credentials: "same-origin",
                                  headers: { "X-CSRFToken": csrf() } })
        .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
        .then(function (res) {
          if (!res.ok) {
            uploadStatus.textContent = Object.values(res.data.errors || {}).flat().join(" ") || "The upload failed.";
            return;
          }
          uploadStatus.textContent = "";
          options.onChoose(res.data.image);
        })
        .catch(function () { uploadStatus.textContent = "The upload failed; try again."; });
    });

    function open() {
      panel.hidden = false;
      pending = load(search.value);
      return pending.then(function () { search.focus(); });
    }
    function close() { panel.hidden = true; }
    return { panel: panel, open: open, close: close, search: search };
  }

  function setUp(root) {
    var select = document.getElementById("id_hero_image");
    if (!select) return;
    var focalUrl = function (id) { return root.dataset.focalUrl.replace(/\/0\/focal\/$/, "/" + id + "/focal/"); };
    var preview = root.querySelector(".image-chooser__preview");

    var open = el("button", { type: "button", class: "button image-chooser__open", "aria-expanded": "false",
                              "aria-controls": "image-chooser-panel" }, "Choose or upload a picture");
    var panel = library({ prefix: "image-chooser", chooserUrl: root.dataset.chooserUrl, uploadUrl: root.dataset.uploadUrl,
                          onChoose: choose, onClose: function () { open.setAttribute("aria-expanded", "false"); open.focus(); } });
    root.prepend(open);
    root.append(panel.panel);

    function showPreview(image) {
      preview.replaceChildren();
      if (!image) { preview.append(el("p", { class: "image-chooser__none" }, "No picture yet.")); return; }
      var picker = el("div", { class: "focal-picker", "data-focal-picker": "",
                               "data-focal-url": root.dataset.maySetFocal ? focalUrl(image.id) : "",
                               "data-x": image.focal ? image.focal[0] : 0.5, "data-y": image.focal ? image.focal[1] : 0.5 });
      var img = el("img", { src: image.original, alt: image.alt, width: image.width, height: image.height });
      picker.append(img, el("span", { class: "focal-picker__marker", "aria-hidden": "true" }));
      preview.append(picker);
      preview.append(el("p", { class: "help" }, root.dataset.maySetFocal
        ? "Click the subject of the picture: every crop (cards, hero, social) keeps it in view."
        : "An editor can set the picture's focal point."));
      preview.append(el("p", { class: "focal-picker__status", role: "status" }));
      if (window.newsroomFocal) window.newsroomFocal.setUp(picker);
    }

    function choose(image) {
      var option = Array.prototype.find.call(select.options, function (o) { return o.value === String(image.id); });
      if (!option) {
        option = new Option(image.label, image.id, true, true);
        select.append(option);
      }
      select.value = String(image.id);
      if ($) $(select).trigger("change"); else select.dispatchEvent(new Event("change"));
      showPreview(image);
      panel.close();
      open.setAttribute("aria-expanded", "false");
      open.textContent = "Choose another picture";
    }

    open.addEventListener("click", function () {
      if (panel.panel.hidden) { panel.open(); } else { panel.close(); }
      open.setAttribute("aria-expanded", String(!panel.panel.hidden));
    });
    // A picture chosen in the plain select (its autocomplete) previews at once too.
    var onSelect = function () {
      var id = select.value;
      if (!id) { showPreview(null); return; }
      fetch(root.dataset.chooserUrl + "?id=" + encodeURIComponent(id), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) { if (data.results[0] && select.value === id) showPreview(data.results[0]); });
    };
    if ($) $(select).on("select2:select select2:clear", onSelect); else select.addEventListener("change", onSelect);
  }

  window.newsroomImageLibrary = { create: library, el: el };

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-image-chooser]").forEach(setUp);
  });
})();
