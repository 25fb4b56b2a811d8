// bedside: what every page shares: the API call with this run's token, the settings kept in
// localStorage, and building elements with textContent only (user text is never parsed as HTML).
"use strict";

const bedside = (() => {
  const token = document.querySelector('meta[name="bedside-token"]').content;
  const KEY = "bedside.settings";
  const DEFAULTS = { country: "GB", profession: "doctor", ignore: [], allow: [], jigsaw_threshold: null, profile: "" };

  function settings() {
    try {
      const saved = JSON.parse(localStorage.getItem(KEY) || "{}");
      return Object.assign({}, DEFAULTS, saved && typeof saved === "object" ? saved : {});
    } catch (e) {
      return Object.assign({}, DEFAULTS);
    }
  }

  function saveSettings(values) {
    localStorage.setItem(KEY, JSON.stringify(Object.assign({}, settings(), values)));
  }

  function resetSettings() {
    localStorage.removeItem(KEY);
  }

  // What the API's `settings` field takes (the rest travels as country/profession).
  function apiSettings() {
    const s = settings();
    return { ignore: s.ignore || [], allow: s.allow || [], jigsaw_threshold: Number(s.jigsaw_threshold) || null };
  }

  async function api(path, options) {
    const opts = options || {};
    const headers = { "X-Bedside-Token": token };
    let body;
    if (opts.form) {
      body = opts.form;
    } else if (opts.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(opts.json);
    }
    const response = await fetch(path, {
      method: opts.method || (body ? "POST" : "GET"), headers, body, signal: opts.signal,
      credentials: "same-origin", cache: "no-store",
    });
    if (!response.ok) {
      let detail = response.statusText;
      try { detail = (await response.json()).detail || detail; } catch (e) { /* not JSON */ }
      const error = new Error(typeof detail === "string" ? detail : JSON.stringify(detail));
      error.status = response.status;
      throw error;
    }
    if (opts.raw) return response;
    if (response.status === 204) return null;
    return response.json();
  }

  // A POST of form data with upload progress (fetch cannot report it): for large exports.
  function upload(path, form, onProgress) {
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open("POST", path);
      request.setRequestHeader("X-Bedside-Token", token);
      request.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable) onProgress(event.loaded, event.total);
      });
      request.addEventListener("load", () => {
        let data = null;
        try { data = JSON.parse(request.responseText); } catch (e) { /* not JSON */ }
        if (request.status >= 200 && request.status < 300) resolve(data);
        else reject(new Error((data && data.detail) || request.statusText || "the upload failed"));
      });
      request.addEventListener("error", () => reject(new Error("the upload failed")));
      request.send(form);
    });
  }

  // el("p", {className: "x"}, "text", child...) — strings become text nodes, never HTML.
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
      if (name === "dataset") Object.assign(node.dataset, value);
      else if (name.startsWith("aria-") || name === "role" || name === "for") node.setAttribute(name, value);
      else node[name] = value;
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  function debounce(fn, ms) {
    let timer = null;
    return (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), ms);
    };
  }

  function download(blob, filename) {
    const url = URL.createObjectURL(blob);
    const link = el("a", { href: url, download: filename, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  async function copy(text, status) {
    try {
      await navigator.clipboard.writeText(text);
      if (status) status.textContent = "Copied.";
    } catch (e) {
      if (status) status.textContent = "Could not copy: select the text and copy it yourself.";
    }
  }

  function showContext() {
    const s = settings();
    const label = document.querySelector("[data-setting-label]");
    if (label) label.textContent = `${s.country} · ${s.profession}`;
  }

  document.addEventListener("DOMContentLoaded", showContext);
  return { api, upload, settings, saveSettings, resetSettings, apiSettings, el, debounce, download, copy };
})();
