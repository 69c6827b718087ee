// The report page: an overview of the run and one document at a time, both following the category and rule filters.
// Every text from the data goes into the page as text (textContent, text nodes, attributes), never as markup.
"use strict";
(() => {
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const docs = data.docs;
  const PAGE = 50;
  const $ = (id) => document.getElementById(id);
  const number = (value) => value.toLocaleString("en-US");

  function element(tag, options = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(options)) {
      if (key === "text") node.textContent = value;
      else if (key === "background") node.style.background = value;
      else if (key === "click") node.addEventListener("click", value);
      else node.setAttribute(key, value);
    }
    node.append(...children);
    return node;
  }

  // ColorBrewer Set3 for the twelve categories with the most deletions, then hues a golden angle apart.
  const PALETTE = ["#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69", "#fccde5", "#d9d9d9", "#bc80bd", "#ccebc5", "#ffed6f"];
  const colour = (category) => PALETTE[category] ?? `hsl(${(category * 137.508) % 360} 75% 82%)`;
  const tagRule = (tag) => data.rules[data.tags[tag][0]];
  const tagCategory = (tag) => data.tags[tag][1];

  // -- filters -------------------------------------------------------------------------------------
  const deletionCategories = new Set(data.byCategory.map(([category]) => category));
  const active = new Set(deletionCategories);
  let rule = -1;
  const everything = () => rule === -1 && active.size === deletionCategories.size;
  const matches = (tag) => active.has(tagCategory(tag)) && (rule === -1 || data.tags[tag][0] === rule);

  function matching(index) {
    const counts = docs.tags[index];
    let total = 0;
    for (let i = 0; i < counts.length; i += 2) if (matches(counts[i])) total += counts[i + 1];
    return total;
  }

  let shown = { list: [], counts: [] }; // the documents the filters let through, in the chosen order, and their matching deletions

  function applyFilters() {
    const counts = docs.names.map((_name, index) => matching(index));
    let list = docs.names.map((_name, index) => index);
    if (!everything()) list = list.filter((index) => counts[index] > 0);
    if ($("doc-sort").value === "deletions") list.sort((a, b) => counts[b] - counts[a] || a - b);
    shown = { list, counts };
    const total = counts.reduce((sum, count) => sum + count, 0);
    $("filter-status").textContent = `${number(total)} of ${number(data.totals.deletions)} deletions shown`;
    for (const chip of document.querySelectorAll(".chip")) chip.setAttribute("aria-pressed", String(active.has(Number(chip.dataset.index))));
    for (const bar of document.querySelectorAll(".bar")) bar.classList.toggle("off", !barShown(bar));
    documentPage = 0;
    render();
  }

  function barShown(bar) {
    if (bar.dataset.category !== undefined) return active.has(Number(bar.dataset.index));
    return rule === -1 || rule === Number(bar.dataset.index);
  }

  function setUpFilters() {
    for (const [category, count] of data.byCategory) {
      const chip = element("button", { type: "button", class: "chip", "data-index": category, "data-category": data.categories[category], background: colour(category), text: `${data.categories[category]} ${number(count)}` });
      chip.addEventListener("click", () => {
        if (!active.delete(category)) active.add(category);
        applyFilters();
      });
      $("category-chips").append(chip);
    }
    for (const [index, count] of data.byRule) $("rule-filter").append(element("option", { value: index, text: `${data.rules[index]} (${number(count)})` }));
    $("rule-filter").addEventListener("change", (event) => {
      rule = Number(event.target.value);
      applyFilters();
    });
    $("all-categories").addEventListener("click", () => {
      deletionCategories.forEach((category) => active.add(category));
      applyFilters();
    });
    $("no-categories").addEventListener("click", () => {
      active.clear();
      applyFilters();
    });
    $("doc-sort").addEventListener("change", applyFilters);
  }

  // -- overview ------------------------------------------------------------------------------------
  function bars(container, rows, kind) {
    const most = rows.length ? rows[0][1] : 1;
    for (const [index, count] of rows) {
      const category = kind === "category" ? index : data.tags.find(([r]) => r === index)[1];
      const name = kind === "category" ? data.categories[index] : data.rules[index];
      const fill = element("div", { class: "fill", background: colour(category) });
      fill.style.width = `${(100 * count) / most}%`;
      container.append(element("div", { class: "bar", "data-index": index, [`data-${kind}`]: name, title: name },
        element("span", { class: "name", text: name }), element("div", { class: "track" }, fill), element("span", { class: "count", text: number(count) })));
    }
  }

  const link = (index) => element("a", { href: `#doc/${index}`, text: docs.names[index] });

  function paged(tbody, pager, items, page, row, turn) {
    const pages = Math.max(1, Math.ceil(items.length / PAGE));
    tbody.replaceChildren(...items.slice(page * PAGE, (page + 1) * PAGE).map(row));
    const first = items.length ? page * PAGE + 1 : 0;
    const last = Math.min(items.length, (page + 1) * PAGE);
    const previous = element("button", { type: "button", class: "previous", text: "‹ previous", click: () => turn(page - 1) });
    const next = element("button", { type: "button", class: "next", text: "next ›", click: () => turn(page + 1) });
    previous.disabled = page === 0;
    next.disabled = page >= pages - 1;
    pager.replaceChildren(previous, element("span", { text: `page ${page + 1} of ${pages} (${number(first)}–${number(last)} of ${number(items.length)})` }), next);
    pager.hidden = pages === 1;
  }

  let documentPage = 0;
  let errorPage = 0;
  const errors = data.errors.concat(Object.entries(data.problems).map(([index, problem]) => [docs.names[index], null, problem]));

  function renderOverview() {
    const filtered = !everything();
    $("doc-status").textContent = filtered
      ? `${number(shown.list.length)} of ${number(docs.names.length)} documents have deletions the filters show`
      : `${number(docs.names.length)} documents`;
    paged($("documents").tBodies[0], $("doc-pager"), shown.list, documentPage, (index) => element("tr", {},
      element("td", {}, link(index)),
      element("td", { class: "number", text: filtered ? `${number(shown.counts[index])} of ${number(docs.deletions[index])}` : number(docs.deletions[index]) }),
      element("td", { class: "number", text: number(docs.repairs[index]) }),
      element("td", { class: "number", text: number(docs.bytesIn[index]) }),
      element("td", { class: "number", text: number(docs.bytesOut[index]) })),
      (page) => { documentPage = page; renderOverview(); });
  }

  function setUpOverview() {
    const totals = data.totals;
    $("title").textContent = data.title;
    $("total-documents").textContent = number(totals.documents);
    $("total-bytes-in").textContent = number(totals.bytesIn);
    $("total-bytes-out").textContent = number(totals.bytesOut);
    $("total-deletions").textContent = number(totals.deletions);
    $("total-repairs").textContent = number(totals.repairs);
    $("total-errors").textContent = number(errors.length);
    bars($("by-category"), data.byCategory, "category");
    bars($("by-rule"), data.byRule, "rule");
    const top = docs.names.map((_name, index) => index).filter((index) => docs.deletions[index] > 0);
    top.sort((a, b) => docs.deletions[b] - docs.deletions[a] || a - b);
    $("top-documents").append(...top.slice(0, 10).map((index) => element("li", {}, link(index), ` — ${number(docs.deletions[index])} deletions`)));
    $("errors-section").hidden = errors.length === 0;
    const showErrors = (page) => {
      errorPage = page;
      paged($("errors").tBodies[0], $("error-pager"), errors, errorPage, ([path, line, reason]) => element("tr", {},
        element("td", { text: path }), element("td", { class: "number", text: line ?? "" }), element("td", { text: reason })), showErrors);
    };
    showErrors(0);
  }

  // -- one document --------------------------------------------------------------------------------
  const chunks = new Map();

  async function decompress(text) {
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return JSON.parse(await new Response(stream).text());
  }

  async function pieces(index) {
    let chunk = data.chunkStarts.length - 1;
    while (data.chunkStarts[chunk] > index) chunk--;
    if (!chunks.has(chunk)) chunks.set(chunk, decompress(atob(data.chunks[chunk])));
    return (await chunks.get(chunk))[index - data.chunkStarts[chunk]];
  }

  function piece(part) {
    if (typeof part === "string") return document.createTextNode(part);
    const [tag, removed, inserted] = part;
    const category = tagCategory(tag);
    const name = `${tagRule(tag)} (${data.categories[category]})`;
    if (!deletionCategories.has(category)) {
      return element("span", { class: "repair", title: `${name}: ${JSON.stringify(removed)} → ${JSON.stringify(inserted)}` },
        element("del", { text: removed }), element("ins", { text: inserted }));
    }
    const on = matches(tag);
    const deletion = element("del", { class: on ? "deletion" : "deletion off", title: name, "data-category": data.categories[category], ...(on ? { background: colour(category) } : {}) }, removed);
    return inserted ? element("span", {}, deletion, element("ins", { text: inserted })) : deletion;
  }

  async function renderDocument(index) {
    $("document-name").textContent = docs.names[index];
    $("document-summary").textContent = `${number(docs.deletions[index])} deletions, ${number(docs.repairs[index])} repairs; ` +
      `${number(docs.bytesIn[index])} bytes in, ${number(docs.bytesOut[index])} bytes out`;
    const place = shown.list.indexOf(index);
    const order = place === -1 ? null : shown.list;
    const neighbour = (step) => (order ? order[place + step] : index + step);
    for (const [id, step] of [["previous-document", -1], ["next-document", 1]]) {
      const target = neighbour(step);
      $(id).hidden = !(target >= 0 && target < docs.names.length);
      $(id).href = `#doc/${target}`;
    }
    const counts = docs.tags[index];
    const legend = [];
    for (let i = 0; i < counts.length; i += 2) {
      const category = tagCategory(counts[i]);
      legend.push(element("span", { class: "swatch", background: colour(category), text: `${tagRule(counts[i])} (${data.categories[category]}) ${counts[i + 1]}` }));
    }
    $("legend").replaceChildren(...legend);
    const problem = data.problems[index];
    $("document-problem").hidden = !problem;
    $("document-problem").textContent = problem ? `The original text could not be rebuilt: ${problem}` : "";
    const text = $("document-text");
    text.dataset.index = index;
    if (problem) return text.replaceChildren();
    text.replaceChildren("loading…");
    const parts = await pieces(index);
    if (text.dataset.index === String(index)) text.replaceChildren(...parts.map(piece));
  }

  // -- routing: #doc/N shows a document, anything else the overview (a report of one document opens on it) --
  function current() {
    const match = /^#doc\/(\d+)$/.exec(location.hash);
    const index = match ? Number(match[1]) : !location.hash && docs.names.length === 1 ? 0 : -1;
    return index < docs.names.length ? index : -1;
  }

  function render() {
    const index = current();
    $("overview").hidden = index !== -1;
    $("document").hidden = index === -1;
    if (index === -1) renderOverview();
    else renderDocument(index);
  }

  setUpFilters();
  setUpOverview();
  window.addEventListener("hashchange", () => {
    render();
    window.scrollTo(0, 0);
  });
  applyFilters();
  window.reportReady = Date.now();
})();
