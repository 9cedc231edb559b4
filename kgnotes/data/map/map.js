/* kgnotes map: renders the payload written by kgnotes/html.py with vis-network
 * and adds search, filters, a legend and the side panel.
 *
 * Note text is data. Every string from the graph reaches the page as a canvas
 * label, a vis-network tooltip string (set with innerText) or a DOM text node
 * (el() below); nothing is ever assigned to innerHTML.
 *
 * For tests and scripts: window.network is the vis Network and window.kgnotes
 * is {select(id), search(text), find(text), visible(), highlighted(), ready,
 * readyAt}. Node ids are "c:<concept id>" and "n:<note id>".
 */
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('kg-data').textContent);
  var lang = data.lang === 'en' ? 'en' : 'zh';

  var UI = {
    zh: {
      search: '搜索概念或笔记（任意别名）…', concepts: '概念', notes: '笔记', allCategories: '全部分类',
      concept: '概念', note: '笔记', community: '社区', about: '以它为主题的笔记', mentioning: '提到它的笔记',
      relations: '关系', noteAbout: '主题概念', noteMentions: '提到的概念', refsOut: '引用的笔记',
      refsIn: '被这些笔记引用', open: '打开笔记文件', more: '还有 %d 条', none: '无匹配', via: '经由',
      legendNodes: '节点', legendEdges: '连线（点击筛选）', counts: '%c 个概念 · %n 篇笔记 · %e 条连线',
      stated: '来源', notDrawn: '（未在图中绘出）', times: '%d 次'
    },
    en: {
      search: 'Search a concept or note (any alias)…', concepts: 'Concepts', notes: 'Notes',
      allCategories: 'All categories', concept: 'concept', note: 'note', community: 'community',
      about: 'Notes about it', mentioning: 'Notes mentioning it', relations: 'Relations',
      noteAbout: 'About', noteMentions: 'Mentions', refsOut: 'References', refsIn: 'Referenced by',
      open: 'Open the note file', more: '%d more', none: 'No match', via: 'via', legendNodes: 'Nodes',
      legendEdges: 'Links (click to filter)', counts: '%c concepts · %n notes · %e links', stated: 'from', notDrawn: '(not drawn)', times: '×%d'
    }
  }[lang];

  var REL_NAMES = {
    zh: { is_a: '是一种', part_of: '是…的一部分', variant_of: '是…的变体', improves: '改进', uses: '使用',
          compared_with: '对比', related: '相关', about: '笔记主题', mentions: '笔记提到', references: '笔记引用' },
    en: { is_a: 'is a', part_of: 'part of', variant_of: 'variant of', improves: 'improves', uses: 'uses',
          compared_with: 'compared with', related: 'related', about: 'note is about', mentions: 'note mentions',
          references: 'note references' }
  }[lang];

  // Edge style per link type: colour, dash pattern, arrow. Typed relations are
  // strong and directed; co-occurrence and mentions are thin and quiet.
  var EDGE_STYLE = {
    is_a:          { color: '#1f5fbf', dashes: false,  arrows: 'to', width: 2 },
    part_of:       { color: '#0f8b8d', dashes: false,  arrows: 'to', width: 2 },
    variant_of:    { color: '#7b3fbf', dashes: [6, 4], arrows: 'to', width: 2 },
    improves:      { color: '#2e9e44', dashes: false,  arrows: 'to', width: 2 },
    uses:          { color: '#e07b00', dashes: [6, 4], arrows: 'to', width: 1.5 },
    compared_with: { color: '#d0343b', dashes: [2, 4], arrows: '',   width: 1.5 },
    related:       { color: '#a3adb8', dashes: false,  arrows: '',   width: 1 },
    about:         { color: '#56636f', dashes: false,  arrows: 'to', width: 1.5 },
    mentions:      { color: '#cdd3da', dashes: [2, 3], arrows: '',   width: 0.8 },
    references:    { color: '#a0522d', dashes: false,  arrows: 'to', width: 1.2 }
  };
  var EDGE_ORDER = Object.keys(EDGE_STYLE);
  var PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7',
                 '#9c755f', '#7f8c99', '#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02',
                 '#a6761d', '#1f78b4', '#b2df8a', '#fb9a99'];

  var concepts = data.concepts, notes = data.notes, nC = concepts.length;
  var total = nC + notes.length;

  // ---- indexes for the panel ---------------------------------------------------------------
  function listOf(n) { var a = new Array(n); for (var i = 0; i < n; i++) a[i] = []; return a; }
  var cAbout = listOf(nC), cMentions = listOf(nC), cRelations = listOf(nC);
  var nAbout = listOf(notes.length), nMentions = listOf(notes.length);
  var refsOut = listOf(notes.length), refsIn = listOf(notes.length);
  var relsByEdge = {};
  data.about.forEach(function (a) { cAbout[a[1]].push(a[0]); nAbout[a[0]].push(a[1]); });
  data.mentions.forEach(function (m) { cMentions[m[1]].push(m); nMentions[m[0]].push(m); });
  data.relations.forEach(function (r, k) {
    cRelations[r[0]].push(k);
    cRelations[r[2]].push(k);
    (relsByEdge[edgeKey(r[0], r[2], r[1])] = relsByEdge[edgeKey(r[0], r[2], r[1])] || []).push(k);
  });
  data.references.forEach(function (r, k) { refsOut[r[0]].push(k); refsIn[r[1]].push(k); });

  function edgeKey(a, b, type) {
    if (type === 'related' || type === 'compared_with') { if (a > b) { var t = a; a = b; b = t; } }
    return a + '|' + b + '|' + type;
  }
  function nodeId(i) { return i < nC ? 'c:' + concepts[i].id : 'n:' + notes[i - nC].id; }
  function item(i) { return i < nC ? concepts[i] : notes[i - nC]; }
  function nameOf(i) { return i < nC ? concepts[i].label : notes[i - nC].title; }
  function isDrawn(i) { return i < nC || notes[i - nC].drawn; }
  var indexOfId = {};
  for (var i0 = 0; i0 < total; i0++) indexOfId[nodeId(i0)] = i0;

  // ---- vis data -----------------------------------------------------------------------------
  function colourIndex(c) { var p = PALETTE.length; return (((c | 0) % p) + p) % p; }
  function shorten(s, n) { return s.length > n ? s.slice(0, n - 1) + '…' : s; }

  var groups = {};
  PALETTE.forEach(function (colour, k) {
    groups['c' + k] = { shape: 'dot', color: { background: colour, border: shade(colour, -0.25),
      highlight: { background: colour, border: '#111' } } };
    groups['n' + k] = { shape: 'square', color: { background: shade(colour, 0.55), border: colour,
      highlight: { background: shade(colour, 0.55), border: '#111' } }, borderWidth: 2 };
  });

  // Mix a #rrggbb colour towards white (f > 0) or black (f < 0).
  function shade(hex, f) {
    var n = parseInt(hex.slice(1), 16), out = '#';
    [16, 8, 0].forEach(function (s) {
      var v = (n >> s) & 255;
      v = f > 0 ? v + (255 - v) * f : v * (1 + f);
      out += ('0' + Math.round(v).toString(16)).slice(-2);
    });
    return out;
  }

  var visNodes = [];
  concepts.forEach(function (c, i) {
    var s = c.size || 0;
    visNodes.push({
      id: nodeId(i), label: c.label, group: 'c' + colourIndex(c.community), x: c.x, y: c.y,
      size: 7 + 26 * s, font: { size: Math.round(12 + 18 * s) },
      title: c.labels.join(' · ') + '\n' + UI.concept + ' · ' + UI.community + ' ' + c.community
    });
  });
  notes.forEach(function (n, j) {
    if (!n.drawn) return;
    var s = n.size || 0;
    visNodes.push({
      id: nodeId(nC + j), label: shorten(n.title, 24), group: 'n' + colourIndex(n.community), x: n.x, y: n.y,
      size: 5 + 10 * s, font: { size: 11 },
      title: n.title + '\n' + UI.note + (n.date ? ' · ' + n.date : '') +
             (n.categories.length ? ' · ' + n.categories.join(', ') : '')
    });
  });

  var edgeTypesPresent = {};
  var visEdges = data.edges.map(function (e, k) {
    var type = e[2], st = EDGE_STYLE[type] || EDGE_STYLE.related;
    edgeTypesPresent[type] = (edgeTypesPresent[type] || 0) + 1;
    var rels = relsByEdge[edgeKey(e[0], e[1], type)];
    var title = nameOf(e[0]) + ' — ' + (REL_NAMES[type] || type) + ' → ' + nameOf(e[1]);
    if (rels && data.relations[rels[0]][4]) title += '\n' + shorten(data.relations[rels[0]][4], 240);
    return {
      id: k, from: nodeId(e[0]), to: nodeId(e[1]), type: type, arrows: st.arrows, dashes: st.dashes,
      width: type === 'related' ? Math.min(1 + Math.log(e[3] || 1), 4) : st.width,
      color: { color: st.color, highlight: st.color, hover: st.color }, title: title
    };
  });

  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var big = visNodes.length > 2000;
  var options = {
    autoResize: true,
    groups: groups,
    nodes: {
      borderWidth: 1,
      font: { face: 'system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif',
              strokeWidth: 3, strokeColor: '#ffffff', color: '#1f2933' },
      // Level of detail: a label is drawn only when it is at least this many
      // pixels high on screen, so zoomed out only the big concepts are named.
      scaling: { label: { drawThreshold: 9, maxVisible: 30 } } // = LABEL_PX
    },
    edges: {
      smooth: data.physics ? { type: 'continuous' } : false,
      arrows: { to: { scaleFactor: 0.5 } }, arrowStrikethrough: false, selectionWidth: 2
    },
    layout: { improvedLayout: false, randomSeed: 1 },
    physics: data.physics
      ? { solver: 'forceAtlas2Based', forceAtlas2Based: { gravitationalConstant: -60, springLength: 90 },
          stabilization: { iterations: 250, fit: true } }
      : false,
    interaction: { hover: false, tooltipDelay: 250, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
                   multiselect: false, keyboard: false }
  };

  var container = document.getElementById('graph');
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  window.network = network;

  var api = {
    ready: false, readyAt: null, select: select, search: search, find: find, data: data,
    // What filters leave visible, and the lit neighbourhood: for tests and scripts.
    visible: function () {
      return { nodes: body.nodeIndices.slice(),
               edges: body.edgeIndices.map(function (k) { return data.edges[k][2]; }) };
    },
    highlighted: function () { return lit ? lit.nodes.slice() : []; }
  };
  window.kgnotes = api;
  network.once('afterDrawing', function () {
    api.ready = true;
    api.readyAt = performance.now();
    // map.html#c:supcon opens with that node selected
    if (location.hash.length > 1) { try { select(decodeURIComponent(location.hash.slice(1))); } catch (e) { /* not an id */ } }
  });

  // ---- DOM helpers (text only) --------------------------------------------------------------
  function el(tag, attrs) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === 'class') e.className = attrs[k];
      else if (k === 'text') e.textContent = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    for (var a = 2; a < arguments.length; a++) {
      var kid = arguments[a];
      if (kid !== null && kid !== undefined) e.append(kid); // strings become text nodes
    }
    return e;
  }
  function put(parent) { // append the given children, skipping empty sections
    for (var a = 1; a < arguments.length; a++) if (arguments[a]) parent.append(arguments[a]);
  }
  function fmt(s, n) { return s.replace('%d', String(n)); }
  function fileLink(url, text) {
    // Only file: URLs built by kgnotes from the note's path are ever links.
    if (!/^file:/i.test(url || '')) return el('span', { text: text });
    var a = el('a', { text: text, target: '_blank', rel: 'noopener' });
    a.href = url;
    return a;
  }
  function goto(i, text) {
    var b = el('button', { 'class': 'goto', type: 'button', text: text || nameOf(i) });
    b.addEventListener('click', function () { select(i); });
    return b;
  }
  function relBadge(type) {
    var b = el('span', { 'class': 'rel', text: REL_NAMES[type] || type });
    b.style.background = (EDGE_STYLE[type] || EDGE_STYLE.related).color;
    return b;
  }

  // ---- header: labels, category filter, legend ------------------------------------------------
  document.querySelectorAll('[data-ui]').forEach(function (e) { e.textContent = UI[e.getAttribute('data-ui')]; });
  var searchBox = document.getElementById('search');
  searchBox.placeholder = UI.search;
  var status = document.getElementById('status');
  var counts = { c: nC, n: notes.filter(function (n) { return n.drawn; }).length, e: data.edges.length };
  status.textContent = UI.counts.replace('%c', counts.c).replace('%n', counts.n).replace('%e', counts.e);

  var state = { concepts: true, notes: counts.n > 0, category: '', hiddenTypes: {}, selected: -1 };
  var showNotes = document.getElementById('show-notes');
  showNotes.checked = state.notes;
  showNotes.disabled = counts.n === 0;
  var showConcepts = document.getElementById('show-concepts');
  showConcepts.addEventListener('change', function () { state.concepts = showConcepts.checked; applyFilters(); });
  showNotes.addEventListener('change', function () { state.notes = showNotes.checked; applyFilters(); });

  var categorySelect = document.getElementById('category');
  var categories = {};
  notes.forEach(function (n) { n.categories.forEach(function (c) { categories[c] = (categories[c] || 0) + 1; }); });
  categorySelect.append(el('option', { value: '', text: UI.allCategories }));
  Object.keys(categories).sort().forEach(function (c) {
    categorySelect.append(el('option', { value: c, text: c + ' (' + categories[c] + ')' }));
  });
  categorySelect.hidden = Object.keys(categories).length === 0;
  categorySelect.addEventListener('change', function () { state.category = categorySelect.value; applyFilters(); });

  var legend = document.getElementById('legend');
  put(legend, el('h2', { text: UI.legendNodes }),
    el('div', null, el('span', { 'class': 'shape dot' }), UI.concepts),
    counts.n ? el('div', null, el('span', { 'class': 'shape' }), UI.notes) : null,
    el('h2', { text: UI.legendEdges }));
  EDGE_ORDER.concat(Object.keys(edgeTypesPresent).filter(function (t) { return !EDGE_STYLE[t]; }))
    .forEach(function (type) {
      if (!edgeTypesPresent[type]) return;
      var st = EDGE_STYLE[type] || EDGE_STYLE.related;
      var box = el('input', { type: 'checkbox', 'data-type': type });
      box.checked = true;
      box.addEventListener('change', function () {
        if (box.checked) delete state.hiddenTypes[type]; else state.hiddenTypes[type] = true;
        applyFilters();
      });
      var swatch = el('span', { 'class': 'swatch' });
      swatch.style.borderTopStyle = st.dashes ? (st.dashes[0] <= 2 ? 'dotted' : 'dashed') : 'solid';
      swatch.style.borderTopColor = st.color;
      legend.append(el('label', null, box, swatch, REL_NAMES[type] || type,
        el('span', { 'class': 'count', text: String(edgeTypesPresent[type]) })));
    });

  // ---- drawing: filters, level of detail, neighbourhood -------------------------------------
  // vis-network's public ways to hide or fade items are DataSet updates, ~50 µs
  // per item plus a full re-index each time (hiding 10,000 notes took seconds),
  // and it draws every edge on every frame. So this section steers its draw
  // lists directly. It is the one place that relies on vis-network internals
  // (body.nodeIndices/edgeIndices, _updateVisibleIndices, Node.draw,
  // Edge.draw/drawArrows), pinned to the 9.1.2 copy that html.py inlines:
  //  - filters drop items from the visible index lists (used for hit tests too);
  //  - a frame draws at most NODE_BUDGET nodes in view, largest first, and
  //    EDGE_BUDGET edges between them (see edgeRank): zoomed out the top
  //    concepts show, zooming in reveals the rest;
  //  - a selection veils the graph and redraws its neighbourhood on top.
  var NODE_BUDGET = 2500, EDGE_BUDGET = 5000;
  var body = network.body;
  var nodeObj = new Array(total);
  for (var i1 = 0; i1 < total; i1++) nodeObj[i1] = body.nodes[nodeId(i1)];
  var nodeOrder = [];
  for (var i2 = 0; i2 < total; i2++) if (nodeObj[i2]) nodeOrder.push(i2);
  nodeOrder.sort(function (a, b) { return nodeObj[b].options.size - nodeObj[a].options.size || a - b; });
  var orderPos = new Int32Array(total).fill(total);
  nodeOrder.forEach(function (k, p) { orderPos[k] = p; });
  var edgeOrder = data.edges.map(function (e, k) { return k; });
  // Links inside a community first (zoomed out, the long links between
  // communities are a hairball), typed relations before weak ones, big nodes first.
  var edgeRank = data.edges.map(function (e) {
    var t = EDGE_ORDER.indexOf(e[2]), cross = item(e[0]).community !== item(e[1]).community ? 1 : 0;
    return (cross * (EDGE_ORDER.length + 1) + (t < 0 ? EDGE_ORDER.length : t)) * total + Math.max(orderPos[e[0]], orderPos[e[1]]);
  });
  edgeOrder.sort(function (a, b) { return edgeRank[a] - edgeRank[b] || a - b; });
  var hiddenNode = new Uint8Array(total), hiddenEdge = new Uint8Array(data.edges.length);

  var baseVisibleIndices = network._updateVisibleIndices;
  network._updateVisibleIndices = function () {
    baseVisibleIndices.call(network);
    body.nodeIndices = body.nodeIndices.filter(function (id) { return !hiddenNode[indexOfId[id]]; });
    body.edgeIndices = body.edgeIndices.filter(function (k) { return !hiddenEdge[k]; });
  };

  function viewRect(margin) {
    var a = network.DOMtoCanvas({ x: -margin, y: -margin });
    var b = network.DOMtoCanvas({ x: container.clientWidth + margin, y: container.clientHeight + margin });
    return { left: a.x, top: a.y, right: b.x, bottom: b.y };
  }

  var saved = null, lit = null;
  network.on('beforeDrawing', function (ctx) {
    drawRegions(ctx);
    saved = { n: body.nodeIndices, e: body.edgeIndices };
    if (saved.n.length <= NODE_BUDGET && saved.e.length <= EDGE_BUDGET) return;
    var v = viewRect(40), cutoff = nodeOrder.length, shownNodes = [], shownEdges = [], p, k, o;
    for (p = 0; p < nodeOrder.length; p++) {
      k = nodeOrder[p];
      if (hiddenNode[k]) continue;
      o = nodeObj[k];
      if (o.x < v.left || o.x > v.right || o.y < v.top || o.y > v.bottom) continue;
      shownNodes.push(o.id);
      if (shownNodes.length >= NODE_BUDGET) { cutoff = p + 1; break; }
    }
    for (p = 0; p < edgeOrder.length && shownEdges.length < EDGE_BUDGET; p++) {
      k = edgeOrder[p];
      var e = data.edges[k];
      if (hiddenEdge[k] || orderPos[e[0]] >= cutoff || orderPos[e[1]] >= cutoff) continue;
      var a = nodeObj[e[0]], b = nodeObj[e[1]];
      if ((a.x < v.left && b.x < v.left) || (a.x > v.right && b.x > v.right) ||
          (a.y < v.top && b.y < v.top) || (a.y > v.bottom && b.y > v.bottom)) continue;
      shownEdges.push(k);
    }
    body.nodeIndices = shownNodes;
    body.edgeIndices = shownEdges;
  });
  network.on('afterDrawing', function (ctx) {
    if (saved) { body.nodeIndices = saved.n; body.edgeIndices = saved.e; saved = null; }
    if (lit) drawNeighbourhood(ctx);
    drawMapLabels(ctx);
  });

  // Each community of a large map is a faint disc of its colour (computed with
  // the layout), so the overview reads as regions even where nodes are specks.
  function drawRegions(ctx) {
    if (!data.regions || !data.regions.length || state.category) return;
    var v = viewRect(0);
    data.regions.forEach(function (g) {
      if (g[1] + g[3] < v.left || g[1] - g[3] > v.right || g[2] + g[3] < v.top || g[2] - g[3] > v.bottom) return;
      ctx.beginPath();
      ctx.arc(g[1], g[2], g[3] * 1.08, 0, 2 * Math.PI);
      ctx.fillStyle = PALETTE[colourIndex(g[0])] + '1c';
      ctx.fill();
    });
  }

  // vis-network names a node only when its label is LABEL_PX high on screen,
  // which zoomed out is no one. Like a map, name the biggest concepts in view
  // (or the selected neighbourhood) at a fixed screen size, without overlaps.
  var LABEL_PX = 9, MAP_LABELS = 40, FONT = 'system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  function drawMapLabels(ctx) {
    var scale = network.getScale(), v = viewRect(0), px = 13 / scale, placed = [], scanned = 0;
    var candidates = lit ? lit.nodes.slice().reverse().map(function (id) { return indexOfId[id]; }) : nodeOrder;
    ctx.save();
    ctx.font = '600 ' + px + 'px ' + FONT;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.lineJoin = 'round';
    ctx.lineWidth = 4 / scale;
    ctx.strokeStyle = 'rgba(255,255,255,0.9)';
    ctx.fillStyle = '#1f2933';
    for (var p = 0; p < candidates.length && placed.length < MAP_LABELS && scanned < 3000; p++) {
      var k = candidates[p], o = nodeObj[k];
      if (!o || hiddenNode[k] || (!lit && k >= nC)) continue;
      if (o.x < v.left || o.x > v.right || o.y < v.top || o.y > v.bottom) continue;
      scanned++;
      if (o.options.font.size * scale >= LABEL_PX) continue; // vis-network draws this one
      var text = o.options.label || '', w = ctx.measureText(text).width;
      var box = { l: o.x - w / 2, t: o.y + o.options.size + 2 / scale, r: o.x + w / 2, b: 0 };
      box.b = box.t + px;
      if (placed.some(function (q) { return box.l < q.r && box.r > q.l && box.t < q.b && box.b > q.t; })) continue;
      placed.push(box);
      ctx.strokeText(text, o.x, box.t);
      ctx.fillText(text, o.x, box.t);
    }
    ctx.restore();
  }

  function drawNeighbourhood(ctx) {
    var v = viewRect(10), labels = [];
    ctx.fillStyle = 'rgba(250, 251, 252, 0.9)';
    ctx.fillRect(v.left, v.top, v.right - v.left, v.bottom - v.top);
    var es = lit.edges.map(function (k) { return hiddenEdge[k] ? null : body.edges[k]; })
      .filter(function (e) { return e && e.connected; });
    es.forEach(function (e) { e.draw(ctx); });
    es.forEach(function (e) { e.drawArrows(ctx); });
    lit.nodes.forEach(function (id) {
      var o = body.nodes[id];
      if (!o || hiddenNode[indexOfId[id]]) return;
      var r = o.draw(ctx);
      if (r && r.drawExternalLabel) labels.push(r.drawExternalLabel);
    });
    labels.forEach(function (f) { f(); });
  }
  function highlight(id) {
    lit = { nodes: network.getConnectedNodes(id).concat([id]), edges: network.getConnectedEdges(id) };
    network.redraw();
  }
  function unhighlight() {
    if (!lit) return;
    lit = null;
    network.redraw();
  }

  // ---- filters ------------------------------------------------------------------------------
  function categoryConcepts() {
    var keep = {};
    data.about.concat(data.mentions).forEach(function (a) {
      if (notes[a[0]].categories.indexOf(state.category) >= 0) keep[a[1]] = true;
    });
    return keep;
  }
  function visible(i, keep) {
    if (i < nC) return state.concepts && (!state.category || !!keep[i]);
    var n = notes[i - nC];
    return n.drawn && state.notes && (!state.category || n.categories.indexOf(state.category) >= 0);
  }
  function applyFilters() {
    var keep = state.category ? categoryConcepts() : null;
    for (var i = 0; i < total; i++) hiddenNode[i] = visible(i, keep) ? 0 : 1;
    data.edges.forEach(function (e, k) {
      hiddenEdge[k] = state.hiddenTypes[e[2]] || hiddenNode[e[0]] || hiddenNode[e[1]] ? 1 : 0;
    });
    network._updateVisibleIndices();
    if (state.selected >= 0 && isDrawn(state.selected) && hiddenNode[state.selected]) clearSelection();
    network.redraw();
  }
  if (!state.notes) applyFilters();

  // ---- selection ----------------------------------------------------------------------------
  function resolve(key) {
    if (typeof key === 'number') return key >= 0 && key < total ? key : -1;
    key = String(key);
    if (key in indexOfId) return indexOfId[key];
    if (('c:' + key) in indexOfId) return indexOfId['c:' + key];
    if (('n:' + key) in indexOfId) return indexOfId['n:' + key];
    return -1;
  }

  // Select a node (index, "c:id"/"n:id", or a bare concept/note id): panel,
  // graph selection, focus and neighbourhood. Returns false if unknown.
  function select(key, opts) {
    var i = resolve(key);
    if (i < 0) return false;
    opts = opts || {};
    state.selected = i;
    showPanel(i);
    if (!isDrawn(i)) { network.unselectAll(); unhighlight(); return true; }
    var id = nodeId(i);
    if (hiddenNode[i]) { // found by search but filtered out: lift the filters that hide it
      state.category = ''; categorySelect.value = '';
      if (i < nC) { state.concepts = showConcepts.checked = true; } else { state.notes = showNotes.checked = true; }
      applyFilters();
    }
    network.selectNodes([id], true);
    highlight(id);
    if (opts.focus !== false) {
      // Centre the node in the part of the graph the panel leaves visible.
      network.focus(id, { scale: Math.max(network.getScale(), 1), offset: { x: -panel.offsetWidth / 2, y: 0 },
                          animation: { duration: 350, easingFunction: 'easeInOutQuad' } });
    }
    return true;
  }
  function clearSelection() {
    state.selected = -1;
    network.unselectAll();
    unhighlight();
    panel.hidden = true;
  }

  network.on('click', function (p) {
    if (p.nodes.length) select(p.nodes[0], { focus: false });
    else if (p.edges.length) showEdgePanel(p.edges[0]);
    else clearSelection();
  });

  // ---- side panel ---------------------------------------------------------------------------
  var panel = document.getElementById('panel'), panelBody = document.getElementById('panel-body');
  document.getElementById('panel-close').addEventListener('click', clearSelection);

  // A list that shows its first `limit` entries and a button for the rest.
  function section(title, itemsList, render, limit) {
    if (!itemsList.length) return null;
    limit = limit || 40;
    var ul = el('ul');
    var frag = el('div', null, el('h3', { text: title + ' (' + itemsList.length + ')' }), ul);
    function fill(upto) {
      ul.textContent = '';
      itemsList.slice(0, upto).forEach(function (x) { ul.append(render(x)); });
      if (itemsList.length > upto) {
        var more = el('button', { 'class': 'goto more', type: 'button', text: fmt(UI.more, itemsList.length - upto) });
        more.addEventListener('click', function () { fill(itemsList.length); });
        ul.append(el('li', null, more));
      }
    }
    fill(limit);
    return frag;
  }
  function noteEntry(j, extra) {
    var n = notes[j];
    var li = el('li', null, fileLink(n.url, n.title));
    if (n.drawn) li.append(' ', goto(nC + j, '◎'));
    if (extra) li.append(el('span', { 'class': 'meta', text: ' ' + extra }));
    return li;
  }
  function relationEntry(k, from) {
    var r = data.relations[k];
    var head = r[0] === from ? el('strong', { text: concepts[r[0]].label }) : goto(r[0]);
    var tail = r[2] === from ? el('strong', { text: concepts[r[2]].label }) : goto(r[2]);
    var li = el('li', null, head, relBadge(r[1]), tail);
    if (r[4]) li.append(el('blockquote', { text: r[4] }));
    if (r[3] >= 0) li.append(el('div', { 'class': 'src' }, UI.stated + ' ', fileLink(notes[r[3]].url, notes[r[3]].title)));
    return li;
  }
  function byStrength(a, b) {
    var ra = data.relations[a], rb = data.relations[b];
    return EDGE_ORDER.indexOf(ra[1]) - EDGE_ORDER.indexOf(rb[1]) || (rb[5] || 0) - (ra[5] || 0);
  }

  function showPanel(i) {
    panelBody.textContent = '';
    if (i < nC) {
      var c = concepts[i];
      var meta = UI.concept + ' · ' + UI.community + ' ' + c.community + (c.evidence.length ? ' · ' + c.evidence.join(', ') : '');
      var chips = el('div', { 'class': 'chips' });
      c.labels.forEach(function (l) { chips.append(el('span', { 'class': 'chip', text: l })); });
      put(panelBody, el('h2', { text: c.label }), el('div', { 'class': 'meta', text: meta }), chips,
        section(UI.about, cAbout[i], function (j) { return noteEntry(j); }),
        section(UI.mentioning, cMentions[i].slice().sort(function (a, b) { return b[2] - a[2]; }),
          function (m) { return noteEntry(m[0], fmt(UI.times, m[2])); }),
        section(UI.relations, cRelations[i].slice().sort(byStrength), function (k) { return relationEntry(k, i); }, 30));
    } else {
      var j = i - nC, n = notes[j];
      var nmeta = UI.note + (n.date ? ' · ' + n.date : '') + ' · ' + UI.community + ' ' + n.community + (n.drawn ? '' : ' ' + UI.notDrawn);
      var cats = el('div', { 'class': 'chips' });
      n.categories.forEach(function (x) { cats.append(el('span', { 'class': 'chip', text: x })); });
      n.tags.forEach(function (x) { cats.append(el('span', { 'class': 'chip', text: '#' + x })); });
      put(panelBody, el('h2', { text: n.title }), el('div', { 'class': 'meta', text: nmeta }),
        el('div', { 'class': 'meta', text: n.id }), el('div', null, fileLink(n.url, UI.open)), cats,
        section(UI.noteAbout, nAbout[j], function (ci) { return el('li', null, goto(ci)); }),
        section(UI.noteMentions, nMentions[j], function (m) {
          return el('li', null, goto(m[1]), el('span', { 'class': 'meta', text: ' ' + fmt(UI.times, m[2]) }));
        }),
        section(UI.refsOut, refsOut[j], function (k) { return refEntry(data.references[k], data.references[k][1]); }),
        section(UI.refsIn, refsIn[j], function (k) { return refEntry(data.references[k], data.references[k][0]); }));
    }
    panel.hidden = false;
    panel.scrollTop = 0;
  }
  function refEntry(r, other) {
    var li = noteEntry(other);
    if (r[2] >= 0) li.append(el('span', { 'class': 'meta', text: ' ' + UI.via + ' ' }), goto(r[2]));
    else if (r[4]) li.append(el('span', { 'class': 'meta', text: ' ' + r[4] }));
    return li;
  }
  function showEdgePanel(k) {
    var e = data.edges[k], rels = relsByEdge[edgeKey(e[0], e[1], e[2])] || [];
    panelBody.textContent = '';
    put(panelBody, el('h2', null, goto(e[0]), relBadge(e[2]), goto(e[1])),
      section(UI.relations, rels, function (r) { return relationEntry(r, -1); }, 30));
    panel.hidden = false;
  }

  // ---- search -------------------------------------------------------------------------------
  // Keys as in kgnotes.text.norm_key: NFKC (full-width -> ASCII), lower case,
  // no spaces, hyphens, underscores or dots; so "ＳｕｐＣｏｎ" finds "SupCon".
  function norm(s) { return String(s).normalize('NFKC').toLowerCase().replace(/[\s\-_.·]+/g, ''); }
  var entries = [];
  concepts.forEach(function (c, i) {
    entries.push({ i: i, keys: c.labels.concat([c.label]).map(norm), weight: c.size || 0, kind: 0 });
  });
  notes.forEach(function (n, j) { entries.push({ i: nC + j, keys: [norm(n.title)], weight: n.size || 0, kind: 1 }); });

  // Best matches for text: exact labels (concepts, then note titles), then
  // concepts whose label starts with or contains it, then notes; important
  // before obscure.
  function find(text, limit) {
    var q = norm(text), hits = [];
    if (!q) return [];
    entries.forEach(function (e) {
      var best = 3;
      for (var k = 0; k < e.keys.length && best > 0; k++) {
        var key = e.keys[k];
        if (key === q) best = 0;
        else if (best > 1 && key.lastIndexOf(q, 0) === 0) best = 1;
        else if (best > 2 && key.indexOf(q) >= 0) best = 2;
      }
      if (best < 3) hits.push([best ? 1 : 0, e.kind, best, -e.weight, e.i]);
    });
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3] || a[4] - b[4]; });
    return hits.slice(0, limit || 12).map(function (h) { return nodeId(h[4]); });
  }

  var suggest = document.getElementById('suggest'), active = -1, shownHits = [];
  function renderSuggestions() {
    shownHits = find(searchBox.value, 12);
    active = -1;
    suggest.textContent = '';
    if (!searchBox.value.trim()) { closeSuggestions(); return; }
    if (!shownHits.length) suggest.append(el('li', { 'class': 'empty', text: UI.none }));
    shownHits.forEach(function (id, k) {
      var i = indexOfId[id], x = item(i);
      var also = i < nC ? x.labels.filter(function (l) { return l !== x.label; }).join(' · ') : '';
      var li = el('li', { role: 'option', id: 'sg-' + k, 'aria-selected': 'false' },
        el('span', { 'class': 'main', text: nameOf(i) }), el('span', { 'class': 'also', text: also }),
        el('span', { 'class': 'kind', text: i < nC ? UI.concept : UI.note }));
      // mousedown, not click: it fires before the box loses focus.
      li.addEventListener('mousedown', function (ev) { ev.preventDefault(); choose(id); });
      suggest.append(li);
    });
    suggest.hidden = false;
    searchBox.setAttribute('aria-expanded', 'true');
  }
  function closeSuggestions() {
    suggest.hidden = true;
    searchBox.setAttribute('aria-expanded', 'false');
  }
  function moveActive(d) {
    if (!shownHits.length) return;
    active = (active + d + shownHits.length) % shownHits.length;
    Array.prototype.forEach.call(suggest.children, function (li, k) { li.setAttribute('aria-selected', String(k === active)); });
    suggest.children[active].scrollIntoView({ block: 'nearest' });
  }
  function choose(id) {
    closeSuggestions();
    select(id);
  }
  // The search API: the best match for text is selected; returns its id or null.
  function search(text) {
    searchBox.value = text;
    var id = find(text, 1)[0] || null;
    if (id) choose(id); else renderSuggestions();
    return id;
  }

  searchBox.addEventListener('input', renderSuggestions);
  searchBox.addEventListener('focus', function () { if (searchBox.value.trim()) renderSuggestions(); });
  searchBox.addEventListener('blur', closeSuggestions);
  searchBox.addEventListener('keydown', function (ev) {
    if (ev.isComposing) return; // Enter that ends an IME composition is not a search
    if (ev.key === 'ArrowDown') { ev.preventDefault(); if (suggest.hidden) renderSuggestions(); moveActive(1); }
    else if (ev.key === 'ArrowUp') { ev.preventDefault(); moveActive(-1); }
    else if (ev.key === 'Escape') closeSuggestions();
    else if (ev.key === 'Enter') {
      ev.preventDefault();
      var id = active >= 0 ? shownHits[active] : find(searchBox.value, 1)[0];
      if (id) choose(id); else renderSuggestions();
    }
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.key === '/' && document.activeElement !== searchBox) { ev.preventDefault(); searchBox.focus(); }
  });
})();
