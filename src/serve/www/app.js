/* vanban-serve: the search page. No framework; every piece of document text
 * goes into the page through textContent / createTextNode, never as HTML.
 * The whole state is in the URL's hash:
 *   #q=QUERY&p=PAGE          a search (PAGE from 1)
 *   #doc=NUMBER&at=PATH      a document, scrolled to the clause PATH
 *   #cites=NUMBER&p=PAGE     the clauses that cite NUMBER
 *   #top-cited               the most cited instruments
 * A document's page shows its relations as a small diagram (basis, guided
 * by, amended by, replaced by …: /api/status, docs/status.md). */
'use strict';

(function () {
  // every body a clause gives work to, the cooperating ones marked; the old single value otherwise
  function assigneeText(c) {
    if (!c.assignees || !c.assignees.length) return c.assignee;
    return c.assignees.map(function (a) { return a.body + (a.role === 'phoi_hop' ? ' (phối hợp)' : ''); }).join(', ');
  }

  var PAGE = 20;
  var FACETS = [['type', 'Loại văn bản', 'loai'], ['issuer', 'Cơ quan ban hành', 'coquan'], ['year', 'Năm', 'nam']];
  var view = document.getElementById('vb-view');
  var statusEl = document.getElementById('vb-status');
  var input = document.getElementById('vb-q');
  var form = document.getElementById('vb-form');
  var utf8 = new TextEncoder();
  var fromUtf8 = new TextDecoder('utf-8');
  var generation = 0;   // answers of superseded requests are dropped

  // ---------------------------------------------------------------- helpers

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === 'text') e.textContent = attrs[k];
        else if (k === 'cls') e.className = attrs[k];
        else e.setAttribute(k, attrs[k]);
      });
    }
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }

  function hashOf(state) {
    var p = new URLSearchParams();
    Object.keys(state).forEach(function (k) {
      if (state[k] !== undefined && state[k] !== null && state[k] !== '') p.set(k, String(state[k]));
    });
    return '#' + p.toString();
  }

  function link(state, text) {
    return el('a', { href: hashOf(state), text: text });
  }

  function state() {
    var h = location.hash.replace(/^#/, '');
    if (h === 'top-cited') return { 'top-cited': '1' };
    var p = new URLSearchParams(h);
    var s = {};
    p.forEach(function (v, k) { s[k] = v; });
    return s;
  }

  function dateVi(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
    return m ? (+m[3]) + '/' + (+m[2]) + '/' + m[1] : (iso || '');
  }

  function setStatus(text, isError) {
    statusEl.textContent = text;
    statusEl.className = isError ? 'error' : '';
  }

  function api(path) {
    return fetch(path, { headers: { Accept: 'application/json' } }).then(function (r) {
      return r.json().then(function (j) { return { http: r.status, body: j }; },
                           function () { return { http: r.status, body: { error: { message: 'HTTP ' + r.status } } }; });
    });
  }

  function enc(number) { return encodeURIComponent(number); }

  /* TEXT with the byte ranges MATCHES ([[start, end), …] in UTF-8 bytes)
   * wrapped in <mark>; long texts are cut to windows around the matches. */
  function highlighted(text, matches, whole) {
    var bytes = utf8.encode(text);
    var out = document.createDocumentFragment();
    var n = bytes.length;
    function boundary(i) {            // back to the start of a UTF-8 character
      while (i > 0 && i < n && (bytes[i] & 0xC0) === 0x80) i--;
      return i;
    }
    function put(a, b, mark) {
      if (b <= a) return;
      var s = fromUtf8.decode(bytes.subarray(a, b));
      out.appendChild(mark ? el('mark', { text: s }) : document.createTextNode(s));
    }
    var ranges = (matches || []).filter(function (m) { return m[0] >= 0 && m[1] <= n && m[0] < m[1]; });
    var CONTEXT = 160;
    if (whole || n <= 700 || !ranges.length) {
      var pos = 0;
      ranges.forEach(function (m) { put(pos, m[0], false); put(m[0], m[1], true); pos = m[1]; });
      put(pos, whole || ranges.length ? n : Math.min(n, boundary(700)), false);
      if (!whole && !ranges.length && n > 700) out.appendChild(document.createTextNode(' …'));
      return out;
    }
    // windows of CONTEXT bytes around the matches, merged when they touch
    var wins = [];
    ranges.forEach(function (m) {
      var a = boundary(Math.max(0, m[0] - CONTEXT)), b = boundary(Math.min(n, m[1] + CONTEXT));
      if (b < m[1]) b = m[1];
      if (wins.length && a <= wins[wins.length - 1][1]) wins[wins.length - 1][1] = Math.max(b, wins[wins.length - 1][1]);
      else wins.push([a, b]);
    });
    wins.forEach(function (w, i) {
      if (w[0] > 0 || i > 0) out.appendChild(document.createTextNode('… '));
      var pos = w[0];
      ranges.forEach(function (m) {
        if (m[0] >= w[0] && m[1] <= w[1]) { put(pos, m[0], false); put(m[0], m[1], true); pos = m[1]; }
      });
      put(pos, w[1], false);
      if (w[1] < n && i === wins.length - 1) out.appendChild(document.createTextNode(' …'));
    });
    return out;
  }

  // the issuer: a unit under a top body with its parent, as the text output shows it
  // ("Ban Chỉ đạo 799 (Ủy ban nhân dân thành phố Hải Phòng)")
  function issuerOf(d) {
    var lv = d.issuers || [];
    if (d.issuer && lv.length > 1 && lv[lv.length - 1]) return lv[lv.length - 1] + ' (' + d.issuer + ')';
    return d.issuer;
  }

  function docLine(d) {
    var parts = [d.type, issuerOf(d), d.date ? dateVi(d.date) : null].filter(Boolean);
    return el('p', { cls: 'meta', text: parts.join(' · ') });
  }

  function showError(body, http) {
    var msg = body && body.error ? body.error.message : 'Lỗi ' + http;
    setStatus(msg, true);
  }

  // ---------------------------------------------------------------- search results

  /* Results (clauses) grouped by document, in the order of their best clause. */
  function renderResults(ans, st, makeState) {
    var groups = [], byKey = {};
    (ans.results || []).forEach(function (r) {
      var key = r.doc.file + '\n' + r.doc.number;
      if (!byKey[key]) { byKey[key] = { doc: r.doc, hits: [] }; groups.push(byKey[key]); }
      byKey[key].hits.push(r);
    });
    var list = el('div', { cls: 'results' });
    groups.forEach(function (g) {
      var d = g.doc;
      var h = el('h2', null, [d.number ? link({ doc: d.number }, d.number) : el('span', { text: d.file || '' })]);
      if (d.type) h.appendChild(document.createTextNode(' — ' + d.type));
      var box = el('article', { cls: 'doc' }, [h, docLine(d)]);
      if (d.subject) box.appendChild(el('p', { cls: 'subject', text: 'Trích yếu: ' + d.subject }));
      g.hits.forEach(function (r) {
        var c = r.clause;
        var lab = d.number ? link({ doc: d.number, at: c.path }, c.label || c.path) : el('span', { text: c.label || c.path });
        lab.className = 'label';
        var head = el('div', null, [lab]);
        if (c.assignee) head.appendChild(el('span', { cls: 'assignee', text: ' → ' + assigneeText(c) }));
        box.appendChild(el('div', { cls: 'hit' }, [head, el('p', null, [highlighted(r.text, r.matches, false)])]));
      });
      list.appendChild(box);
    });
    var page = Math.max(1, parseInt(st.p || '1', 10) || 1);
    var total = ans.total_clauses || 0;
    var pages = Math.max(1, Math.ceil(total / PAGE));
    /* an estimated total (the page was known before every file was read):
       there is a next page when this one is full */
    if (ans.total_clauses_estimated) pages = (ans.results || []).length >= PAGE ? page + 1 : page;
    var pager = el('nav', { cls: 'pager', 'aria-label': 'Phân trang' });
    var prev = el('button', { type: 'button', text: '← Trang trước' });
    var next = el('button', { type: 'button', text: 'Trang sau →' });
    prev.disabled = page <= 1;
    next.disabled = page >= pages;
    prev.addEventListener('click', function () { location.hash = hashOf(makeState(page - 1)); });
    next.addEventListener('click', function () { location.hash = hashOf(makeState(page + 1)); });
    pager.appendChild(prev);
    pager.appendChild(el('span', { text: 'Trang ' + page + ' / ' + pages }));
    pager.appendChild(next);
    return { list: list, pager: total > PAGE ? pager : null };
  }

  /* Does Q hold FIELD:VALUE (as the page writes it)? */
  function term(field, value) {
    var v = String(value).replace(/"/g, ' ').trim();
    return field + ':' + (/^[0-9]+$/.test(v) ? v : '"' + v + '"');
  }

  function renderFacets(ans, q) {
    var box = el('aside', { cls: 'facets', 'aria-label': 'Lọc kết quả' });
    var facets = ans.facets || {};
    FACETS.forEach(function (f) {
      var rows = (facets[f[0]] || []).filter(function (r) { return r[0] !== ''; }).slice(0, 12);
      if (!rows.length) return;
      box.appendChild(el('h2', { text: f[1] }));
      var ul = el('ul');
      rows.forEach(function (r) {
        var t = term(f[2], r[0]);
        var on = q.indexOf(t) >= 0;
        var b = el('button', { type: 'button', cls: 'link', 'aria-pressed': on ? 'true' : 'false',
                               'data-facet': f[0], 'data-value': r[0] },
                   [r[0] + ' ', el('span', { cls: 'n', text: '(' + r[1] + ')' })]);
        b.addEventListener('click', function () {
          var nq = on ? q.split(t).join(' ').replace(/\s+/g, ' ').trim() : (q + ' ' + t).trim();
          location.hash = hashOf({ q: nq });
        });
        ul.appendChild(el('li', null, [b]));
      });
      box.appendChild(ul);
    });
    return box;
  }

  function search(st, gen) {
    var q = st.q || '';
    input.value = q;
    document.title = q + ' — Tra cứu văn bản';
    var page = Math.max(1, parseInt(st.p || '1', 10) || 1);
    setStatus('Đang tìm…');
    api('/api/search?q=' + encodeURIComponent(q) + '&limit=' + PAGE + '&offset=' + (page - 1) * PAGE +
        '&facets=issuer,type,year').then(function (a) {
      if (gen !== generation) return;
      view.textContent = '';
      if (a.body.error) { showError(a.body, a.http); return; }
      var ans = a.body;
      if (!ans.total_clauses) { setStatus('Không tìm thấy đoạn nào khớp với “' + q + '”.'); return; }
      setStatus((ans.total_clauses_estimated ? 'khoảng ' : '') + ans.total_clauses + ' đoạn khớp, ' +
                (ans.total_clauses_estimated ? 'khoảng ' : '') + ans.total_mentions + ' lần xuất hiện');
      var r = renderResults(ans, st, function (p) { return { q: q, p: p }; });
      var col = el('section', { 'aria-label': 'Kết quả' }, [r.list, r.pager]);
      view.appendChild(el('div', { cls: 'layout' }, [renderFacets(ans, q), col]));
    }, function () { if (gen === generation) setStatus('Không kết nối được máy chủ.', true); });
  }

  function cites(st, gen) {
    var number = st.cites;
    var page = Math.max(1, parseInt(st.p || '1', 10) || 1);
    document.title = 'Trích dẫn ' + number + ' — Tra cứu văn bản';
    setStatus('Đang tìm…');
    api('/api/cites/' + enc(number) + '?limit=' + PAGE + '&offset=' + (page - 1) * PAGE).then(function (a) {
      if (gen !== generation) return;
      view.textContent = '';
      view.appendChild(el('h2', { text: 'Các đoạn trích dẫn ' + number }));
      if (a.body.error) { showError(a.body, a.http); return; }
      setStatus(a.body.total_clauses + ' đoạn trích dẫn ' + number);
      var r = renderResults(a.body, st, function (p) { return { cites: number, p: p }; });
      view.appendChild(r.list);
      if (r.pager) view.appendChild(r.pager);
    }, function () { if (gen === generation) setStatus('Không kết nối được máy chủ.', true); });
  }

  // ---------------------------------------------------------------- document view

  /* The clause text with each citation of the clause (found by its text as
   * written) made a link: to the document when the archive has it, else to
   * the clauses that cite it. Citations not found in the text are listed below. */
  function clauseBody(text, cits) {
    var p = el('p');
    var spots = [];
    var rest = [];
    cits.forEach(function (c) {
      var i = c.text ? text.indexOf(c.text) : -1;
      var taken = spots.some(function (s) { return i < s.end && i + c.text.length > s.start; });
      if (i >= 0 && !taken) spots.push({ start: i, end: i + c.text.length, c: c });
      else rest.push(c);
    });
    spots.sort(function (a, b) { return a.start - b.start; });
    var pos = 0;
    spots.forEach(function (s) {
      p.appendChild(document.createTextNode(text.slice(pos, s.start)));
      p.appendChild(citeLink(s.c, text.slice(s.start, s.end)));
      pos = s.end;
    });
    p.appendChild(document.createTextNode(text.slice(pos)));
    var out = [p];
    if (rest.length) {
      var more = el('p', { cls: 'cites', text: 'Trích dẫn: ' });
      rest.forEach(function (c, i) {
        if (i) more.appendChild(document.createTextNode('; '));
        more.appendChild(citeLink(c, c.text || c.number));
      });
      out.push(more);
    }
    return out;
  }

  // what the archive says of an instrument, for people (docs/status.md)
  var STATUS_VI = {
    unknown: 'chưa rõ (kho không nhắc đến)', in_force: 'còn hiệu lực (theo kho này)', amended: 'đã được sửa đổi, bổ sung',
    partly_repealed: 'bị bãi bỏ một phần', replaced: 'đã bị thay thế', repealed: 'đã bị bãi bỏ', expired: 'đã hết hiệu lực',
    ambiguous: 'chưa rõ văn bản nào'
  };
  var CHANGED = { amended: 1, partly_repealed: 1, replaced: 1, repealed: 1, expired: 1 };

  function citeLink(c, text) {
    var a = c.in_archive ? link({ doc: c.number, at: c.pinpoint || '' }, text) : link({ cites: c.number }, text);
    a.className = c.in_archive ? 'cite in' : 'cite out';
    a.title = c.in_archive ? 'Mở ' + c.number : c.number + ' không có trong kho: các đoạn trích dẫn nó';
    if (!c.status || !CHANGED[c.status]) return a;
    // the cited instrument no longer stands as written: say so beside it
    a.title += ' — ' + STATUS_VI[c.status];
    var f = document.createDocumentFragment();
    f.appendChild(a);
    f.appendChild(el('span', { cls: 'st st-' + c.status, text: STATUS_VI[c.status] }));
    return f;
  }

  /* The relations of document D as a diagram: on the left what it rests on
   * and what it does to others (from its citations, REFS), in the middle the
   * document and its status, on the right what the archive's other documents
   * do to it (INS: its instrument in /api/status). Plain HTML and CSS. */
  var OUT_ROLES = [['can_cu', 'Căn cứ'], ['huong_dan', 'Hướng dẫn'], ['sua_doi', 'Sửa đổi, bổ sung'],
                   ['thay_the', 'Thay thế'], ['bai_bo', 'Bãi bỏ'], ['het_hieu_luc', 'Chấm dứt hiệu lực'],
                   ['hop_nhat', 'Hợp nhất']];
  var IN_ROLES = [['huong_dan', 'Được hướng dẫn bởi'], ['sua_doi', 'Được sửa đổi, bổ sung bởi'],
                  ['thay_the', 'Bị thay thế bởi'], ['bai_bo', 'Bị bãi bỏ bởi'], ['het_hieu_luc', 'Hết hiệu lực theo'],
                  ['hop_nhat', 'Được hợp nhất trong'], ['can_cu', 'Là căn cứ của']];

  function relBox(number, inArchive, note, at) {
    var a = inArchive ? link({ doc: number, at: at || '' }, number) : link({ cites: number }, number);
    return el('li', null, [a, note ? el('span', { cls: 'note', text: ' ' + note }) : null]);
  }

  function relGroup(title, items, role) {
    if (!items.length) return null;
    var ul = el('ul');
    items.forEach(function (i) { ul.appendChild(i); });
    return el('div', { cls: 'relgroup rel-' + role }, [el('h4', { text: title }), ul]);
  }

  function relationDiagram(d, refs, ins) {
    var left = el('div', { cls: 'relcol out' }), right = el('div', { cls: 'relcol in' });
    OUT_ROLES.forEach(function (r) {
      var seen = {}, items = [];
      refs.forEach(function (c) {
        var n = c.number || c.name;
        if (c.role !== r[0] || !n || seen[n]) return;
        seen[n] = 1;
        var note = c.affects ? '(' + c.affects + ')' : '';
        if (c.status && CHANGED[c.status]) note += (note ? ' ' : '') + '— ' + STATUS_VI[c.status];
        items.push(relBox(n, c.in_archive, note, c.pinpoint));
      });
      var g = relGroup(r[1], items, r[0]);
      if (g) left.appendChild(g);
    });
    var rels = (ins && ins.relations) || [];
    IN_ROLES.forEach(function (r) {
      var seen = {}, items = [];
      rels.forEach(function (x) {
        var n = x.document.number || x.document.file;
        if (x.role !== r[0] || !n || seen[n + (x.affects || []).join()]) return;
        seen[n + (x.affects || []).join()] = 1;
        var note = [];
        if (x.affects) note.push('(' + x.affects.join(', ') + ')');
        else if (x.part) note.push('(một phần)');
        if (x.from) note.push('từ ' + dateVi(x.from));
        items.push(relBox(n, true, note.join(' '), x.clause));
      });
      var g = relGroup(r[1], items, r[0]);
      if (g) right.appendChild(g);
    });
    if (!left.childNodes.length && !right.childNodes.length) return null;
    var status = ins ? ins.status : 'unknown';
    var mid = el('div', { cls: 'relcol self' }, [
      el('div', { cls: 'selfbox st-' + status }, [el('strong', { text: (d.type ? d.type + ' ' : '') + (d.number || '') }),
        el('span', { cls: 'st st-' + status, text: STATUS_VI[status] || status })])]);
    if (ins && ins.since) mid.firstChild.appendChild(el('span', { cls: 'note', text: 'từ ' + dateVi(ins.since) }));
    var fig = el('figure', { cls: 'relations', 'aria-label': 'Quan hệ của văn bản' }, [
      left.childNodes.length ? left : el('div', { cls: 'relcol out empty' }),
      el('div', { cls: 'arrow', 'aria-hidden': 'true', text: '→' }), mid,
      el('div', { cls: 'arrow', 'aria-hidden': 'true', text: '←' }),
      right.childNodes.length ? right : el('div', { cls: 'relcol in empty' })]);
    fig.appendChild(el('figcaption', { text: 'Quan hệ theo văn bản trong kho này (không phải danh sách chính thức)' }));
    return fig;
  }

  function doc(st, gen) {
    var number = st.doc;
    document.title = number + ' — Tra cứu văn bản';
    setStatus('Đang mở ' + number + '…');
    Promise.all([api('/api/doc/' + enc(number)), api('/api/refs/' + enc(number)),
                 api('/api/status/' + enc(number))]).then(function (res) {
      if (gen !== generation) return;
      view.textContent = '';
      var a = res[0], refs = res[1], status = res[2].body || {};
      if (a.body.error) { showError(a.body, a.http); return; }
      setStatus('');
      var byClause = {};
      ((refs.body && refs.body.citations) || []).forEach(function (c) {
        (byClause[c.clause] = byClause[c.clause] || []).push(c);
      });
      // one article per document of that number (numbers repeat)
      var docs = [], byFile = {};
      a.body.clauses.forEach(function (c) {
        if (!byFile[c.doc.file]) { byFile[c.doc.file] = { doc: c.doc, clauses: [] }; docs.push(byFile[c.doc.file]); }
        byFile[c.doc.file].clauses.push(c);
      });
      docs.forEach(function (g, gi) {
        var d = g.doc;
        var dl = el('dl');
        [['Số', d.number], ['Loại', d.type], ['Cơ quan', issuerOf(d)], ['Ngày', dateVi(d.date)], ['Trích yếu', d.subject],
         ['Tệp', d.file]].forEach(function (kv) {
          if (kv[1]) { dl.appendChild(el('dt', { text: kv[0] })); dl.appendChild(el('dd', { text: kv[1] })); }
        });
        var art = el('article', { cls: 'docview' }, [el('header', null, [el('h2', { text: (d.type ? d.type + ' ' : '') + d.number }), dl])]);
        // its instrument in the status answer: the one of the same file (a number may name several)
        var ins = (status.instruments || []).filter(function (i) { return i.file === d.file; })[0];
        var mine = refs.body && refs.body.document && refs.body.document.file === d.file ? refs.body.citations || [] : [];
        (refs.body && refs.body.same_number || []).forEach(function (o) {
          if (o.document && o.document.file === d.file) mine = o.citations || [];
        });
        var fig = relationDiagram(d, mine, ins);
        if (fig) art.appendChild(fig);
        g.clauses.forEach(function (c) {
          var path = c.clause.path;
          var depth = Math.min(4, path.split('.').length - 1);
          var anchor = el('a', { cls: 'label', href: hashOf({ doc: number, at: path }), text: c.clause.label || path });
          var head = el('div', null, [anchor]);
          if (c.clause.assignee) head.appendChild(el('span', { cls: 'assignee', text: ' → ' + assigneeText(c.clause) }));
          var sec = el('section', { cls: 'clause depth' + depth }, [head].concat(clauseBody(c.text, gi === 0 ? byClause[path] || [] : [])));
          if (gi === 0) sec.id = path;   // the anchor of the clause: id="d5.2.a"
          sec.setAttribute('data-path', path);
          art.appendChild(sec);
        });
        view.appendChild(art);
      });
      if (st.at) {
        var target = document.getElementById(st.at);
        if (target) {
          target.classList.add('at');
          target.scrollIntoView();
          var l = target.querySelector('a.label');
          if (l) l.focus({ preventScroll: true });
        } else {
          setStatus('Không có điều khoản ' + st.at + ' trong ' + number + '.', true);
        }
      }
    }, function () { if (gen === generation) setStatus('Không kết nối được máy chủ.', true); });
  }

  function topCited(gen) {
    document.title = 'Được trích dẫn nhiều nhất — Tra cứu văn bản';
    api('/api/top-cited?n=50').then(function (a) {
      if (gen !== generation) return;
      view.textContent = '';
      if (a.body.error) { showError(a.body, a.http); return; }
      setStatus('');
      var ol = el('ol');
      a.body.top_cited.forEach(function (t) {
        ol.appendChild(el('li', null, [link({ cites: t.ref }, t.ref), ' — ' + t.clauses + ' đoạn']));
      });
      view.appendChild(el('h2', { text: 'Văn bản được trích dẫn nhiều nhất' }));
      view.appendChild(ol);
    });
  }

  // ---------------------------------------------------------------- routing

  function route() {
    var st = state();
    var gen = ++generation;
    if (st.doc) doc(st, gen);
    else if (st.cites) cites(st, gen);
    else if (st['top-cited']) topCited(gen);
    else if (st.q) search(st, gen);
    else { view.textContent = ''; setStatus('Nhập từ khóa để tìm trong kho văn bản.'); input.value = ''; }
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var q = input.value.trim();
    if (q) location.hash = hashOf({ q: q });
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === '/' && document.activeElement !== input) { e.preventDefault(); input.focus(); input.select(); }
  });
  window.addEventListener('hashchange', route);
  route();
}());
