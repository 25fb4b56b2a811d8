// bedside: the audit page: upload an export, poll the progress, browse the posts to delete (worst first),
// tick them into a checklist, download the report. The server deletes everything once it is downloaded.
"use strict";

(() => {
  const { api, upload, el, settings, apiSettings, download } = bedside;
  const form = document.getElementById("audit-form");
  const input = document.getElementById("archive");
  const bar = document.getElementById("progress");
  const status = document.getElementById("status");
  const section = document.getElementById("results");
  const list = document.getElementById("audit-items");
  const ticked = document.getElementById("ticked");
  let job = null;
  let items = [];

  async function start() {
    const file = input.files[0];
    if (!file) { status.textContent = "Choose your export first."; input.focus(); return; }
    const data = new FormData();
    data.append("file", file, file.name);
    data.append("settings", JSON.stringify(apiSettings()));
    data.append("country", settings().country);
    data.append("profession", settings().profession);
    section.hidden = true;
    bar.removeAttribute("value");
    status.textContent = `Uploading ${file.name}…`;
    try {
      job = (await upload("/api/audit", data, (sent, total) => {
        bar.max = total;
        bar.value = sent;
        status.textContent = `Uploading ${file.name}… ${Math.round((100 * sent) / total)}%`;
      })).job;
      poll();
    } catch (error) {
      bar.value = 0;
      status.textContent = `Could not start the audit: ${error.message}`;
    }
  }

  async function poll() {
    let progress;
    try {
      progress = await api(`/api/audit/${encodeURIComponent(job)}`);
    } catch (error) {
      status.textContent = `The audit is gone: ${error.message}`;
      return;
    }
    if (progress.total) {
      bar.max = progress.total;
      bar.value = progress.done;
    }
    const count = progress.total ? `${progress.done.toLocaleString()} of ${progress.total.toLocaleString()}` : progress.done.toLocaleString();
    if (progress.state === "failed") {
      bar.value = 0;
      status.textContent = `The audit failed: ${progress.message}`;
    } else if (progress.state === "done") {
      bar.max = 1;
      bar.value = 1;
      status.textContent = summary(progress.summary);
      await showResults();
    } else {
      status.textContent = `Checking… ${count} posts${progress.message ? " · " + progress.message : ""}`;
      setTimeout(poll, 400);
    }
  }

  function summary(s) {
    const parts = ["do-not-post", "review", "ok"].filter((k) => k in s).map((k) => `${k} ${Number(s[k]).toLocaleString()}`);
    const warnings = (s.warnings || []).length ? ` Note: ${s.warnings.join(" ")}` : "";
    return `Done: ${Number(s.posts || 0).toLocaleString()} posts checked${parts.length ? " · " + parts.join(" · ") : ""}.${warnings}`;
  }

  async function showResults() {
    const data = await api(`/api/audit/${encodeURIComponent(job)}/results`);
    items = data.items || [];
    list.replaceChildren(...items.map(row));
    if (!items.length) list.append(el("li", {}, "Nothing to delete: no post has a finding."));
    section.hidden = false;
    countTicked();
  }

  function row(item, index) {
    const box = el("input", { type: "checkbox", id: `tick-${index}`, value: String(index) });
    box.addEventListener("change", countTicked);
    const when = [item.date, item.platform, item.audience].filter(Boolean).join(" · ");
    const cards = el("ol", { className: "findings" });
    findings.render(cards, { findings: item.findings || [], redactions: [] }, null);
    return el("li", { className: `audit-item sev-${item.verdict}` },
      el("p", { className: "row" }, box, el("label", { for: `tick-${index}` }, `Delete this post (${item.verdict})`),
        el("span", { className: "muted" }, when)),
      el("p", { className: "post-text" }, item.text || ""),
      webLink(item.url) ? el("p", {}, el("a", { href: item.url, rel: "noreferrer noopener", target: "_blank" }, "Open the original")) : null,
      el("details", {}, el("summary", {}, `${(item.findings || []).length} finding(s)`), cards));
  }

  // An export's javascript: or data: URL must never become a link: http(s) only (the server filters too).
  function webLink(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url);
  }

  function chosen() {
    return Array.from(list.querySelectorAll('input[type="checkbox"]:checked')).map((box) => items[Number(box.value)]);
  }

  function countTicked() {
    ticked.textContent = `${chosen().length} of ${items.length} posts ticked.`;
  }

  document.getElementById("download-checklist").addEventListener("click", () => {
    const lines = chosen().map((item) => `[ ] ${item.date || ""} ${item.platform || ""} ${item.url || ""}\n    ${(item.text || "").replace(/\s+/g, " ").slice(0, 200)}`);
    download(new Blob([`Posts to delete (bedside)\n\n${lines.join("\n")}\n`], { type: "text/plain" }), "bedside-delete-checklist.txt");
  });

  document.getElementById("download-report").addEventListener("click", async () => {
    try {
      const response = await api(`/api/audit/${encodeURIComponent(job)}/report`, { raw: true });
      download(await response.blob(), "bedside-audit.html");
      status.textContent = "Report downloaded; bedside has deleted the upload and the results.";
    } catch (error) {
      status.textContent = `Could not download the report: ${error.message}`;
    }
  });

  document.getElementById("delete-audit").addEventListener("click", async () => {
    try {
      await api(`/api/audit/${encodeURIComponent(job)}`, { method: "DELETE" });
      section.hidden = true;
      status.textContent = "Deleted: bedside keeps nothing of this audit.";
    } catch (error) {
      status.textContent = `Could not delete: ${error.message}`;
    }
  });

  form.addEventListener("submit", (event) => { event.preventDefault(); start(); });
})();
