// bedside: the image page: upload, draw each finding's box over the picture, list faces, metadata and
// text found, and fetch a clean copy on request. The browser keeps the files; the server keeps nothing.
"use strict";

(() => {
  const { api, el, settings, apiSettings, download } = bedside;
  const form = document.getElementById("image-form");
  const input = document.getElementById("files");
  const drop = document.getElementById("drop");
  const verdict = document.getElementById("verdict");
  const results = document.getElementById("images");
  const COLOURS = { "do-not-post": "#b3261e", review: "#8a5300", info: "#0a558c" };
  let files = [];

  async function checkImages() {
    if (!files.length) { verdict.textContent = "Choose or drop at least one image first."; input.focus(); return; }
    const s = settings();
    const data = new FormData();
    for (const file of files) data.append("files", file, file.name);
    data.append("settings", JSON.stringify(apiSettings()));
    data.append("text", document.getElementById("caption").value);
    data.append("country", s.country);
    data.append("profession", s.profession);
    verdict.className = "verdict";
    verdict.textContent = `Checking ${files.length} file${files.length === 1 ? "" : "s"}…`;
    results.replaceChildren();
    try {
      const out = await api("/api/image", { form: data });
      const n = out.images.reduce((sum, image) => sum + image.findings.length, 0) + (out.text ? out.text.findings.length : 0);
      findings.verdict(verdict, { verdict: out.verdict, findings: new Array(n) }, `${out.images.length} file(s)`);
      out.images.forEach((image, index) => results.append(card(image, files[index])));
      if (out.text && out.text.findings.length) {
        const list = el("ol", { className: "findings" });
        findings.render(list, out.text, null);
        results.append(el("div", { className: "image-card" }, el("h3", {}, "The text you will post"), list));
      }
    } catch (error) {
      verdict.className = "verdict verdict-error";
      verdict.textContent = `Could not check: ${error.message}`;
    }
  }

  // Text read in the pixels and faces have a place in the picture; metadata and DICOM header fields do not.
  function placed(finding) {
    return Boolean(finding.box) && (finding.category === "face" || Boolean(finding.details && finding.details.identifier));
  }

  function metadataTable(items) {
    const table = el("table", { className: "details" },
      el("caption", {}, "Metadata and header fields"),
      el("tr", {}, el("th", { scope: "col" }, "field"), el("th", { scope: "col" }, "value"),
        el("th", { scope: "col" }, "severity"), el("th", { scope: "col" }, "why")));
    for (const f of items) {
      const d = f.details || {};
      table.append(el("tr", {}, el("td", {}, String(d.field || d.attribute || d.metadata || d.class || f.name)),
        el("td", {}, f.text || "—"), el("td", {}, el("span", { className: `sev sev-${f.severity}` }, f.severity)),
        el("td", {}, f.message)));
    }
    return table;
  }

  function card(image, file) {
    const marked = image.findings.filter(placed);
    const other = image.findings.filter((f) => !placed(f));
    const canvas = el("canvas", { role: "img", "aria-label": `${image.name} with ${marked.length} marked area(s)` });
    const list = el("ol", { className: "findings" });
    findings.render(list, { findings: marked, redactions: [] }, null);
    const status = el("p", { className: "muted", role: "status" });
    const button = el("button", { type: "button" }, "Download the clean copy");
    button.addEventListener("click", () => clean(file, status, button));
    const head = el("div", { className: `verdict verdict-${image.verdict}` },
      `${image.name}: ${image.findings.length ? image.findings.length + " finding(s)" : "nothing found"}`);
    draw(canvas, image.preview, marked, file);
    return el("article", { className: "image-card" }, el("h3", {}, image.name), head, canvas, list,
      other.length ? metadataTable(other) : null, el("div", { className: "row actions" }, button), status);
  }

  function draw(canvas, preview, marked, file) {
    const picture = new Image();
    const url = preview || URL.createObjectURL(file);
    picture.addEventListener("load", () => {
      canvas.width = picture.naturalWidth;
      canvas.height = picture.naturalHeight;
      const context = canvas.getContext("2d");
      context.drawImage(picture, 0, 0);
      const line = Math.max(2, Math.round(Math.max(canvas.width, canvas.height) / 300));
      for (const finding of marked) {
        if (finding.box.page) continue; // another frame of a multi-frame file: listed below
        const b = finding.box;
        context.lineWidth = line;
        context.strokeStyle = COLOURS[finding.severity] || "#b3261e";
        context.strokeRect(b.x, b.y, b.width, b.height);
        context.fillStyle = "rgba(179, 38, 30, 0.18)";
        context.fillRect(b.x, b.y, b.width, b.height);
      }
      if (!preview) URL.revokeObjectURL(url);
    });
    picture.addEventListener("error", () => {
      canvas.replaceWith(el("p", { className: "muted" }, "This browser cannot show this format; the findings are below."));
    });
    picture.src = url;
  }

  async function clean(file, status, button) {
    button.disabled = true;
    status.textContent = "Making the clean copy…";
    const data = new FormData();
    data.append("file", file, file.name);
    data.append("settings", JSON.stringify(apiSettings()));
    try {
      const response = await api("/api/image/clean", { form: data, raw: true });
      const match = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
      download(await response.blob(), match ? match[1] : `clean-${file.name}`);
      status.textContent = `Clean copy downloaded: ${response.headers.get("X-Bedside-Removed") || 0} item(s) removed.`;
    } catch (error) {
      status.textContent = `Could not make a clean copy: ${error.message}`;
    } finally {
      button.disabled = false;
    }
  }

  function choose(list) {
    files = Array.from(list);
    verdict.className = "verdict";
    verdict.textContent = `${files.length} file${files.length === 1 ? "" : "s"} chosen: ${files.map((f) => f.name).join(", ")}`;
  }

  input.addEventListener("change", () => choose(input.files));
  drop.addEventListener("dragover", (event) => { event.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    choose(event.dataTransfer.files);
  });
  form.addEventListener("submit", (event) => { event.preventDefault(); checkImages(); });
})();
