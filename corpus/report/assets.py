"""The report's inline stylesheet and script. The script renders documents from an inline JSON blob
with DOM APIs only (``textContent``, never ``innerHTML``), so text from pages can never become markup."""

CSS = """
:root { --fg:#222; --muted:#666; --line:#ddd; --del:#b3261e; --bg-del:#fdecea; --accent:#3b6ea8; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); margin: 0; }
header, main { max-width: 1280px; margin: 0 auto; padding: 0 20px; }
header { border-bottom: 1px solid var(--line); padding-bottom: 8px; }
h1 { font-size: 22px; margin: 18px 0 4px; }
h2 { font-size: 19px; margin-top: 34px; border-bottom: 2px solid var(--line); }
h3 { font-size: 16px; margin: 20px 0 6px; }
nav a { margin-right: 14px; color: var(--accent); }
table { border-collapse: collapse; margin: 6px 0 14px; font-size: 14px; }
th, td { border-bottom: 1px solid var(--line); padding: 3px 10px 3px 0; text-align: left;
  vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); gap: 10px 28px; }
.muted, .empty { color: var(--muted); }
.chart { max-width: 100%; height: auto; }
.chart text { font-size: 12px; }
code { font-size: 13px; background: #f4f4f4; padding: 0 3px; }
details > summary { cursor: pointer; }
.line { white-space: pre-wrap; word-break: break-word; }
#controls { position: sticky; top: 0; background: #fff; padding: 8px 0; border-bottom: 1px solid var(--line);
  display: flex; flex-wrap: wrap; gap: 8px; align-items: center; z-index: 2; }
#controls input[type=search] { flex: 1 1 320px; padding: 5px 8px; font-size: 15px; }
.doc { border: 1px solid var(--line); border-radius: 6px; margin: 12px 0; padding: 8px 12px; }
.doc h3 { margin: 2px 0; }
.meta { font-size: 13px; color: var(--muted); }
.meta span { margin-right: 12px; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; margin-top: 6px; }
.cols h4 { margin: 4px 0; font-size: 13px; color: var(--muted); text-transform: uppercase; }
.cols p { margin: 0 0 8px; white-space: pre-wrap; word-break: break-word; }
del { color: var(--del); background: var(--bg-del); text-decoration-thickness: 1px; }
.stage-label { font-size: 11px; background: var(--del); color: #fff; border-radius: 3px; padding: 0 4px;
  margin: 0 4px; vertical-align: 1px; white-space: nowrap; }
.problems { border: 2px solid var(--del); background: var(--bg-del); padding: 6px 12px; margin: 10px 0; }
.doc.dropped { border-style: dashed; background: #fafafa; }
.dropped-note { color: var(--del); }
.note { font-size: 13px; color: var(--muted); font-style: italic; }
#pager button { margin: 0 4px; }
"""

JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var labels = data.labels, docs = data.docs, PAGE = 20;
  var state = { q: "", source: "", stage: "", removedOnly: false, page: 0 };
  var byId = function (id) { return document.getElementById(id); };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function safeHref(url) { return /^https?:\/\//i.test(url) ? url : null; }
  function segText(seg) { return typeof seg === "string" ? seg : seg[0]; }
  function haystack(doc) {
    if (doc._hay === undefined) {
      var parts = [doc.id, doc.url, doc.title, doc.source];
      doc.p.forEach(function (para) { para.forEach(function (seg) { parts.push(segText(seg)); }); });
      doc._hay = parts.join("\n").toLowerCase();
    }
    return doc._hay;
  }
  function matches(doc) {
    if (state.source && doc.source !== state.source) { return false; }
    if (state.stage && doc.st.indexOf(state.stage) < 0) { return false; }
    if (state.removedOnly && doc.st.length === 0) { return false; }
    return !state.q || haystack(doc).indexOf(state.q) >= 0;
  }
  function removedNode(text, labelIndex) {  // <del data-stage=…>text</del><span class="stage-label">…
    var label = labels[labelIndex], frag = document.createDocumentFragment();
    var del = el("del", null, text);
    del.setAttribute("data-stage", label[0]);
    del.title = label[0] + (label[1] ? ": " + label[1] : "");
    frag.appendChild(del);
    frag.appendChild(el("span", "stage-label", label[0]));
    return frag;
  }
  function extractedColumn(doc) {
    var col = el("div", "extracted");
    col.appendChild(el("h4", null, "Extracted text (removed parts struck through)"));
    doc.p.forEach(function (para) {
      var p = el("p");
      para.forEach(function (seg) {
        if (typeof seg === "string") { p.appendChild(document.createTextNode(seg)); }
        else { p.appendChild(removedNode(seg[0], seg[1])); }
      });
      col.appendChild(p);
    });
    if (doc.cut) {
      col.appendChild(el("p", "note", doc.cut + " more characters not shown; see corpus inspect"));
    }
    if (doc.un.length) {
      col.appendChild(el("h4", null, "Removed from the page before extraction, or not located in the text"));
      doc.un.forEach(function (seg) {
        var p = el("p");
        p.appendChild(removedNode(seg[0], seg[1]));
        col.appendChild(p);
      });
    }
    return col;
  }
  function droppedNote(doc) {
    var note = el("p", "dropped-note", "Dropped at corpus level by " + doc.drop[0] +
      (doc.drop[1] ? " (" + doc.drop[1] + ")" : "") + ": not in the corpus.");
    if (doc.drop[2]) {
      note.appendChild(document.createTextNode(" Duplicate of "));
      var link = el("a", null, doc.drop[2]);
      link.href = "#doc=" + encodeURIComponent(doc.drop[2]);
      note.appendChild(link);
    }
    return note;
  }
  function keptColumn(doc) {
    var col = el("div", "kept");
    col.appendChild(el("h4", null, "Kept text"));
    if (doc.drop) { col.appendChild(droppedNote(doc)); return col; }
    var paras = [];
    if (doc.kept !== undefined) { paras = doc.kept.split("\n"); }
    else {
      doc.p.forEach(function (para) {
        var s = para.filter(function (seg) { return typeof seg === "string"; }).join("").trim();
        if (s) { paras.push(s); }
      });
    }
    paras.forEach(function (s) { if (s.trim()) { col.appendChild(el("p", null, s)); } });
    return col;
  }
  function metaLine(doc) {
    var meta = el("div", "meta");
    var href = safeHref(doc.url);
    var link = el(href ? "a" : "span", null, doc.url);
    if (href) { link.href = href; link.rel = "noopener noreferrer nofollow"; link.target = "_blank"; }
    meta.appendChild(link);
    var where = " " + doc.source;
    if (!doc.drop) { where += " · " + (doc.date || "undated") + " · " + (doc.lang || "?"); }
    meta.appendChild(el("span", null, where));
    meta.appendChild(el("span", null, doc.ec + " → " + doc.kc + " chars"));
    if (doc.wf) {
      var warc = el("span", "warc", "WARC: " + doc.wf + " @ " + (doc.wo === null ? "?" : doc.wo));
      warc.title = "record " + doc.wr + " — warcio extract --payload " + doc.wf + " " + doc.wo;
      meta.appendChild(warc);
    }
    meta.appendChild(el("code", null, "corpus inspect SNAPSHOT " + doc.id));
    return meta;
  }
  function card(doc) {
    var box = el("article", "doc");
    box.id = "doc-" + doc.id;
    box.appendChild(el("h3", null, doc.drop ? "(dropped) " + doc.url : doc.title || "(untitled)"));
    if (doc.drop) { box.className = "doc dropped"; }
    box.appendChild(metaLine(doc));
    var cols = el("div", "cols");
    cols.appendChild(extractedColumn(doc));
    cols.appendChild(keptColumn(doc));
    box.appendChild(cols);
    return box;
  }
  function render() {
    var hits = docs.filter(matches), pages = Math.max(1, Math.ceil(hits.length / PAGE));
    state.page = Math.min(state.page, pages - 1);
    var list = byId("doc-list");
    list.textContent = "";
    hits.slice(state.page * PAGE, (state.page + 1) * PAGE).forEach(function (d) {
      list.appendChild(card(d));
    });
    byId("doc-count").textContent =
      hits.length + " of " + docs.length + " documents · page " + (state.page + 1) + "/" + pages;
    byId("prev").disabled = state.page === 0;
    byId("next").disabled = state.page >= pages - 1;
  }
  function update(change) {
    Object.keys(change).forEach(function (k) { state[k] = change[k]; });
    state.page = 0;
    render();
  }
  function fillSelect(select, values) {
    values.forEach(function (v) { var o = el("option", null, v); o.value = v; select.appendChild(o); });
  }
  function fromHash() {
    var m = /^#doc=(.+)$/.exec(window.location.hash);
    if (!m) { return; }
    var key = m[1];
    try { key = decodeURIComponent(key); } catch (err) { /* a malformed %-escape: search it as typed */ }
    byId("q").value = key;
    update({ q: byId("q").value.trim().toLowerCase() });
  }
  var sources = [], stages = [];
  docs.forEach(function (d) { if (sources.indexOf(d.source) < 0) { sources.push(d.source); } });
  labels.forEach(function (l) { if (stages.indexOf(l[0]) < 0) { stages.push(l[0]); } });
  fillSelect(byId("source"), sources.sort());
  fillSelect(byId("stage"), stages.sort());
  byId("q").addEventListener("input", function (e) { update({ q: e.target.value.trim().toLowerCase() }); });
  byId("source").addEventListener("change", function (e) { update({ source: e.target.value }); });
  byId("stage").addEventListener("change", function (e) { update({ stage: e.target.value }); });
  byId("removed-only").addEventListener("change", function (e) {
    update({ removedOnly: e.target.checked });
  });
  byId("prev").addEventListener("click", function () { state.page -= 1; render(); });
  byId("next").addEventListener("click", function () { state.page += 1; render(); });
  window.addEventListener("hashchange", fromHash);
  render();
  fromHash();
})();
"""
