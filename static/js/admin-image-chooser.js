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

  function setUp(root) {
    var select = document.getElementById("id_hero_image");
    if (!select) return;
    var focalUrl = function (id) { return root.dataset.focalUrl.replace(/\/0\/focal\/$/, "/" + id + "/focal/"); };
    var preview = root.querySelector(".image-chooser__preview");

    var open = el("button", { type: "button", class: "button image-chooser__open", "aria-expanded": "false",
                              "aria-controls": "image-chooser-panel" }, "Choose or upload a picture");
    var panel = el("div", { id: "image-chooser-panel", class: "image-chooser__panel", role: "region",
                            "aria-label": "Picture library" });
    panel.hidden = true;
    var searchLabel = el("label", { for: "image-chooser-q" }, "Search pictures");
    var search = el("input", { type: "search", id: "image-chooser-q", placeholder: "alt text, caption, credit" });
    var grid = el("ul", { class: "image-chooser__grid", "aria-live": "polite" });
    var upload = el("fieldset", { class: "image-chooser__upload" });
    upload.append(el("legend", {}, "Upload a new picture"));
    var fileLabel = el("label", { for: "image-chooser-file" }, "File");
    var file = el("input", { type: "file", id: "image-chooser-file", accept: "image/jpeg,image/png,image/webp" });
    var altLabel = el("label", { for: "image-chooser-alt" }, "Alt text (what the picture shows)");
    var alt = el("input", { type: "text", id: "image-chooser-alt", maxlength: "250" });
    var creditLabel = el("label", { for: "image-chooser-credit" }, "Credit");
    var credit = el("input", { type: "text", id: "image-chooser-credit", maxlength: "120" });
    var send = el("button", { type: "button", class: "button" }, "Upload and use");
    var uploadStatus = el("p", { class: "image-chooser__status", role: "status" });
    upload.append(fileLabel, file, altLabel, alt, creditLabel, credit, send, uploadStatus);
    panel.append(searchLabel, search, grid, upload);
    root.prepend(open);
    root.append(panel);

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
      panel.hidden = true;
      open.setAttribute("aria-expanded", "false");
      open.textContent = "Choose another picture";
    }

    function render(results) {
      grid.replaceChildren();
      if (!results.length) { grid.append(el("li", {}, "No pictures match.")); return; }
      results.forEach(function (image) {
        var item = el("li");
        var pick = el("button", { type: "button", class: "image-chooser__pick", "data-image-id": image.id });
        pick.append(el("img", { src: image.thumb, alt: "", width: "160", height: "90", loading: "lazy" }));
        pick.append(el("span", { class: "image-chooser__alt" }, image.alt));
        if (image.used) pick.append(el("span", { class: "image-chooser__used" }, "used in " + image.used));
        pick.addEventListener("click", function () { choose(image); });
        item.append(pick);
        grid.append(item);
      });
    }

    function load(term) {
      var url = root.dataset.chooserUrl + "?q=" + encodeURIComponent(term || "");
      return fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); })
        .then(function (data) { render(data.results); });
    }

    var timer = null;
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { load(search.value); }, 200);
    });
    search.addEventListener("keydown", function (event) { if (event.key === "Enter") event.preventDefault(); });
    open.addEventListener("click", function () {
      panel.hidden = !panel.hidden;
      open.setAttribute("aria-expanded", String(!panel.hidden));
      if (!panel.hidden) load(search.value).then(function () { search.focus(); });
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { panel.hidden = true; open.setAttribute("aria-expanded", "false"); open.focus(); }
    });
    send.addEventListener("click", function () {
      if (!file.files.length) { uploadStatus.textContent = "Choose a file first."; return; }
      var body = new FormData();
      body.append("file", file.files[0]);
      body.append("alt_text", alt.value);
      body.append("credit", credit.value);
      uploadStatus.textContent = "Uploading…";
      fetch(root.dataset.uploadUrl, { method: "POST", body: body, credentials: "same-origin",
                                       headers: { "X-CSRFToken": csrf() } })
        .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
        .then(function (res) {
          if (!res.ok) {
            uploadStatus.textContent = Object.values(res.data.errors || {}).flat().join(" ") || "The upload failed.";
            return;
          }
          uploadStatus.textContent = "";
          choose(res.data.image);
        })
        .catch(function () { uploadStatus.textContent = "The upload failed; try again."; });
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

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-image-chooser]").forEach(setUp);
  });
})();
