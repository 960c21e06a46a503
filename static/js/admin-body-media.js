// The article body's "Picture" and "Embed" buttons (django-prose-editor extensions NewsFigure and NewsEmbed).
// They insert the placeholders the server keeps (articles/body/sanitize.py):
//   <figure data-image="12" data-caption="…" data-credit="…"></figure>
//   <div data-embed="youtube" data-url="…"></div>
// "Picture" opens the picture library of the hero chooser (admin-image-chooser.js) under the editor;
// "Embed" asks for an address, which the server recognises or refuses with its reason (…/embed-check/).
// Pasting a recognised address alone on an empty line embeds it too. Nothing from a provider loads here.
import { Node, Plugin } from "django-prose-editor/editor";

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
  if (text) node.textContent = text;
  return node;
}

function urls(editor) {
  const textarea = editor.options.element.querySelector("textarea");
  return textarea ? textarea.dataset : {};
}

// One panel per editor, under it: the library or the address form, never both.
function panelFor(editor) {
  const host = editor.options.element;
  let box = host.nextElementSibling;
  if (!box || !box.classList.contains("body-media")) {
    box = el("div", { class: "body-media" });
    host.after(box);
  }
  return box;
}

function closePanel(editor) {
  panelFor(editor).replaceChildren();
  editor.commands.focus();
}

// After a picture or embed the selection is that node: the next one goes after it, never in its place.
function insertBlock(editor, content) {
  const { selection } = editor.state;
  const chain = editor.chain().focus();
  (selection.node ? chain.insertContentAt(selection.to, content) : chain.insertContent(content)).run();
}

const attr = (name) => ({
  default: null,
  parseHTML: (element) => element.getAttribute(`data-${name}`) || null,
  renderHTML: (attrs) => (attrs[name] ? { [`data-${name}`]: attrs[name] } : {}),
});

function openPicture(editor) {
  const library = window.newsroomImageLibrary;
  const data = urls(editor);
  if (!library || !data.imageChooserUrl) return;
  const box = panelFor(editor);
  const captionLabel = el("label", { for: "body-picture-caption" }, "Caption here (blank: the library's caption)");
  const caption = el("input", { type: "text", id: "body-picture-caption", maxlength: "300" });
  const cancel = el("button", { type: "button", class: "button body-media__cancel" }, "Cancel");
  const panel = library.create({
    prefix: "body-picture", label: "Insert a picture into the body", pickOnEnter: true,
    chooserUrl: data.imageChooserUrl, uploadUrl: data.imageUploadUrl,
    before: [el("h3", {}, "Insert a picture"), captionLabel, caption],
    onChoose: (image) => {
      const attrs = { image: String(image.id), caption: caption.value.trim() || null, credit: null };
      closePanel(editor);
      insertBlock(editor, { type: "newsFigure", attrs });
    },
    onClose: () => closePanel(editor),
  });
  cancel.addEventListener("click", () => closePanel(editor));
  panel.panel.append(cancel);
  box.replaceChildren(panel.panel);
  panel.open();
}

function checkEmbed(editor, address) {
  const data = urls(editor);
  return fetch(`${data.embedCheckUrl}?url=${encodeURIComponent(address)}`, { credentials: "same-origin" })
    .then((r) => r.json().then((body) => ({ ok: r.ok && body.ok, body })));
}

function openEmbed(editor) {
  const box = panelFor(editor);
  const form = el("div", { class: "body-media__embed", role: "group", "aria-labelledby": "body-embed-title" });
  const title = el("h3", { id: "body-embed-title" }, "Embed a video, post or chart");
  const label = el("label", { for: "body-embed-url" }, "Embed address (YouTube, Vimeo, X, Instagram, Bluesky, Datawrapper, Flourish)");
  const input = el("input", { type: "url", id: "body-embed-url", size: "60", "aria-describedby": "body-embed-status" });
  const insert = el("button", { type: "button", class: "button" }, "Insert embed");
  const cancel = el("button", { type: "button", class: "button body-media__cancel" }, "Cancel");
  const status = el("p", { id: "body-embed-status", class: "body-media__status", role: "alert" });
  form.append(title, label, input, insert, cancel, status);
  box.replaceChildren(form);
  input.focus();

  const submit = () => {
    const address = input.value.trim();
    if (!address) { status.textContent = "Paste the address first."; return; }
    status.textContent = "Checking…";
    checkEmbed(editor, address).then(({ ok, body }) => {
      if (!ok) { status.textContent = body.error || "This address cannot be embedded."; input.focus(); return; }
      closePanel(editor);
      insertBlock(editor, { type: "newsEmbed", attrs: { embed: body.provider, url: body.url } });
    }).catch(() => { status.textContent = "Could not check the address; try again."; });
  };
  insert.addEventListener("click", submit);
  cancel.addEventListener("click", () => closePanel(editor));
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); submit(); }
    if (event.key === "Escape") { event.preventDefault(); closePanel(editor); }
  });
}

function card(kind, text) {
  const dom = el("div", { class: `body-media__node body-media__node--${kind}`, contenteditable: "false" });
  dom.append(text);
  return dom;
}

export const NewsFigure = Node.create({
  name: "newsFigure",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,
  addAttributes: () => ({ image: attr("image"), caption: attr("caption"), credit: attr("credit") }),
  parseHTML: () => [{ tag: "figure[data-image]" }],
  renderHTML: ({ HTMLAttributes }) => ["figure", HTMLAttributes],
  addNodeView() {
    const editor = this.editor;
    return ({ node }) => {
      const dom = card("figure", el("span", { class: "body-media__label" }, `Picture ${node.attrs.image}`));
      const data = urls(editor);
      if (data.imageChooserUrl) {
        fetch(`${data.imageChooserUrl}?id=${encodeURIComponent(node.attrs.image)}`, { credentials: "same-origin" })
          .then((r) => r.json())
          .then(({ results }) => {
            const image = results && results[0];
            if (!image) { dom.lastChild.textContent = "This picture is no longer in the library."; return; }
            const words = [node.attrs.caption || image.caption, image.credit].filter(Boolean).join(" · ");
            dom.replaceChildren(el("img", { src: image.thumb, alt: image.alt, width: "160", height: "90" }),
                                el("span", { class: "body-media__label" }, `Picture: ${words || image.alt}`));
          });
      }
      return { dom };
    };
  },
  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "newsFigure", groups: "nodes", priority: 10,
      button: buttons.text("Picture", "Insert a picture from the library"),
      command: (editor) => openPicture(editor),
    });
  },
});

export const NewsEmbed = Node.create({
  name: "newsEmbed",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,
  addAttributes: () => ({ embed: attr("embed"), url: attr("url") }),
  parseHTML: () => [{ tag: "div[data-embed]" }],
  renderHTML: ({ HTMLAttributes }) => ["div", HTMLAttributes],
  addNodeView() {
    return ({ node }) => ({
      dom: card("embed", el("span", { class: "body-media__label" }, `Embed (${node.attrs.embed}): ${node.attrs.url}`)),
    });
  },
  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "newsEmbed", groups: "nodes", priority: 9,
      button: buttons.text("Embed", "Embed a video, post or chart by its address"),
      command: (editor) => openEmbed(editor),
    });
  },
  addProseMirrorPlugins() {
    const editor = this.editor;
    // An address pasted alone on an empty line becomes an embed once the server recognises it;
    // anything else pastes as usual.
    return [new Plugin({
      props: {
        handlePaste(view, event) {
          const text = (event.clipboardData && event.clipboardData.getData("text/plain") || "").trim();
          const { $from, empty } = view.state.selection;
          if (!empty || !/^https?:\/\/\S+$/.test(text) || $from.parent.type.name !== "paragraph" || $from.parent.content.size) {
            return false;
          }
          checkEmbed(editor, text).then(({ ok, body }) => {
            if (ok) insertBlock(editor, { type: "newsEmbed", attrs: { embed: body.provider, url: body.url } });
            else editor.chain().focus().insertContent(text).run();
          }).catch(() => editor.chain().focus().insertContent(text).run());
          return true;
        },
      },
    })];
  },
});
