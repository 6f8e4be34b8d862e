/*
 * memfit's HTML report: the address map, the treemap, findings, stacks,
 * the diff and the tables, drawn from the JSON the page embeds (the
 * report of memfit size or check; for diff, NEW's and OLD's reports and
 * the diff). memfit's own code, no library. Text goes in as text, never
 * as markup: symbol names can hold anything.
 *
 * Only the treemap level shown is laid out (squarified, after one sort),
 * and a region's symbols are sorted into its sections once, when it is
 * first opened: 264 000 symbols cost nothing until someone looks.
 */
'use strict';
(function () {
	var doc = document;
	var MAX_CELLS = 400, MAX_ROWS = 1000;

	function json(id) {
		var e = doc.getElementById(id);
		return e ? JSON.parse(e.textContent) : null;
	}
	var R = json('memfit-data'), OLD = json('memfit-old');
	var DIFF = json('memfit-diff');

	/* el('td', { class: 'num', text: 5 }, [children]) */
	function el(tag, attrs, kids) {
		var e = doc.createElement(tag), k;
		for (k in attrs || {}) {
			if (k === 'text')
				e.textContent = String(attrs[k]);
			else if (attrs[k] !== null && attrs[k] !== undefined)
				e.setAttribute(k, attrs[k]);
		}
		(kids || []).forEach(function (c) { if (c) e.append(c); });
		return e;
	}
	function hex(n) {
		return n === null || n === undefined ? '-' :
		    '0x' + n.toString(16).padStart(8, '0');
	}
	function num(n) { return n === null || n === undefined ? '-' : String(n); }
	/* A percentage as the tables print it: two decimals. */
	function pct(p) { return p === null ? '-' : p.toFixed(2); }
	function signed(n) { return n > 0 ? '+' + n : String(n); }
	function section(id, title) {
		var s = el('section', { id: id, 'aria-labelledby': id + '-h' },
		    [el('h2', { id: id + '-h', text: title })]);
		doc.getElementById('main').append(s);
		doc.getElementById('views').append(el('a', { href: '#' + id,
		    text: title }));
		return s;
	}
	/* A table: HEAD is [label, numeric?], ROWS arrays of cells. */
	function table(caption, head, rows, attrs) {
		var t = el('table', attrs), tb = el('tbody');
		t.append(el('caption', { text: caption }));
		t.append(el('thead', {}, [el('tr', {}, head.map(function (h) {
			return el('th', { scope: 'col', class: h[1] ? 'num' : null,
			    text: h[0] });
		}))]));
		rows.forEach(function (r) {
			tb.append(el('tr', r.attrs, r.cells.map(function (c, i) {
				if (c instanceof Node)
					return el('td', {}, [c]);
				return el(i === 0 ? 'th' : 'td', {
				    scope: i === 0 ? 'row' : null,
				    class: head[i][1] ? 'num' : null, text: num(c) });
			})));
		});
		t.append(tb);
		return t;
	}
	function folded(summary, content) {
		return el('details', {}, [el('summary', { text: summary }), content]);
	}

	/* --- numbers of a report, as a tree: region, section, archive... */

	function loadKey(s) {
		return s.name + (s.load_image ? ' (load image)' : '');
	}
	function kid(map, name) {
		var n = map.get(name);
		if (!n) {
			n = { size: 0, kids: new Map(), syms: [] };
			map.set(name, n);
		}
		return n;
	}
	/*
	 * An archive as the region's archives table names it: by its file
	 * name, unless that is ambiguous there (symbols carry the path).
	 */
	function archiveLabel(g, path) {
		var base;
		if (path === null)
			return '(none)';
		base = path.replace(/^.*[\/\\]/, '');
		if (!g.archiveNames)
			g.archiveNames = new Set((g.archives || []).map(function (a) {
				return a.name;
			}));
		return g.archiveNames.has(base) ? base : path;
	}
	/* An archive's member by its own name: the archive is its parent. */
	function objectLabel(y) {
		var o = y.object;
		if (o === null)
			return '(no object)';
		if (y.archive !== null && o.startsWith(y.archive + '(') &&
		    o.endsWith(')'))
			return o.slice(y.archive.length + 1, -1);
		return o;
	}
	function bySymbolAddress(a, b) {
		return a.address - b.address || b.size - a.size ||
		    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
	}
	/* A member by its own name: its archive is its parent. */
	function memberLabel(x) {
		var m = !x.synthetic && x.archive !== '(none)' &&
		    /^.*\((.*)\)$/.exec(x.object);
		return m ? m[1] : x.object;
	}
	/*
	 * A section's archives and objects from its inputs: the numbers of
	 * the archives and objects tables. Symbols go under their object
	 * (byObject: by the tables' name); null when the report has none.
	 */
	function inputTree(s) {
		var n;
		if (!s.inputs)
			return null;
		n = { size: 0, kids: new Map(), syms: [], byObject: new Map() };
		s.inputs.forEach(function (x) {
			var a = kid(n.kids, x.archive), o;
			o = kid(a.kids, memberLabel(x));
			o.size += x.size;
			a.size += x.size;
			n.size += x.size;
			n.byObject.set(x.object, o);
		});
		return n;
	}
	/*
	 * Where a symbol's bytes go: under its object among the section's
	 * inputs, or without them, by its archive and object, each level
	 * sized by its symbols.
	 */
	function placeSymbol(g, s, y) {
		var n, o;
		if (s.byObject) {
			o = s.byObject.get(y.object);
			if (o)
				o.syms.push(y);
			return;
		}
		n = kid(s.kids, archiveLabel(g, y.archive));
		s.size += y.size;
		n.size += y.size;
		n = kid(n.kids, objectLabel(y));
		n.size += y.size;
		n.syms.push(y);
	}
	/*
	 * The region's tree by section, archive and object, and its symbols
	 * in one sort. A symbol counts only the bytes no symbol before it
	 * covered, so aliases (the weak handlers on Default_Handler) count
	 * once, under the first name, which lists the others.
	 */
	function regionIndex(g) {
		var secs, syms, idx = new Map(), j = 0, covered = 0, last = null;
		if (g.index)
			return g.index;
		g.sections.forEach(function (s) {
			var t = inputTree(s);
			if (t)
				idx.set(loadKey(s), t);
		});
		secs = g.sections.filter(function (s) {
			return !s.load_image && s.size > 0;
		}).sort(function (a, b) { return a.address - b.address; });
		syms = (g.symbols || []).filter(function (y) {
			return y.address !== null && y.size > 0;
		}).sort(bySymbolAddress);
		syms.forEach(function (y) {
			var bytes, end = y.address + y.size;
			while (j < secs.length &&
			    secs[j].address + secs[j].size <= y.address)
				j++;
			if (j === secs.length || y.address < secs[j].address)
				return;
			end = Math.min(end, secs[j].address + secs[j].size);
			bytes = end - Math.max(y.address, covered);
			if (bytes <= 0) {
				if (last && last.address === y.address)
					last.aliases.push(y.name);
				return;
			}
			covered = end;
			last = { name: y.name, address: y.address, size: bytes,
			    aliases: [], archive: y.archive, object: y.object };
			placeSymbol(g, kid(idx, loadKey(secs[j])), last);
		});
		g.index = idx;
		return idx;
	}
	function findRegion(rep, name) {
		return rep ? rep.regions.find(function (g) {
			return g.name === name;
		}) : undefined;
	}
	function uncovered(size) {
		return { name: '(bytes no symbol covers)', size: size,
		    leaf: true };
	}
	/* An object's symbols, and what of its bytes they leave. */
	function symbolKids(n) {
		var sum = 0, out = n.syms.map(function (y) {
			var a = y.aliases;
			sum += y.size;
			return { name: y.name + (a.length ? ' (alias ' +
			    a.slice(0, 3).join(', ') + (a.length > 3 ? ', +' +
			    (a.length - 3) + ' more' : '') + ')' : ''),
			    size: y.size, leaf: true, address: y.address };
		});
		if (n.size > sum)
			out.push(uncovered(n.size - sum));
		return out;
	}
	/* The children of PATH in REP: [{ name, size, leaf }], any order. */
	function children(rep, path) {
		var g, s, n, out, i;
		if (!rep)
			return [];
		if (path.length === 0)
			return rep.regions.map(function (r) {
				return { name: r.name, size: r.used, leaf: false };
			});
		if (!(g = findRegion(rep, path[0])))
			return [];
		if (path.length === 1) {
			out = g.sections.map(function (x) {
				return { name: loadKey(x), size: x.size,
				    leaf: !x.inputs && (x.load_image || !g.symbols) };
			});
			if (g.padding > 0)
				out.push({ name: '(alignment and gaps)',
				    size: g.padding, leaf: true });
			return out;
		}
		n = regionIndex(g).get(path[1]);
		s = g.sections.find(function (x) { return loadKey(x) === path[1]; });
		for (i = 2; n && i < path.length; i++)
			n = n.kids.get(path[i]);
		if (!n)
			return [];
		if (path.length === 4)
			return symbolKids(n);
		out = Array.from(n.kids, function (e) {
			return { name: e[0], size: e[1].size,
			    leaf: path.length === 3 && !e[1].syms.length };
		});
		if (path.length === 2 && s && s.size > n.size)
			out.push(uncovered(s.size - n.size));
		return out;
	}
	/* With a diff: each child's old size, and OLD's children gone. */
	function withOld(path, kids) {
		var old = new Map(), seen = new Set();
		if (!OLD)
			return kids;
		children(OLD, path).forEach(function (k) {
			old.set(k.name, (old.get(k.name) || 0) + k.size);
		});
		kids.forEach(function (k) {
			k.old = old.has(k.name) ? old.get(k.name) : null;
			seen.add(k.name);
		});
		old.forEach(function (size, name) {
			if (!seen.has(name))
				kids.push({ name: name, size: 0, old: size, leaf: true });
		});
		return kids;
	}

	/* --- squarified treemap layout: linear after the sort */

	function worst(sum, max, min, side) {
		var s2 = sum * sum, w2 = side * side;
		return Math.max(w2 * max / s2, s2 / (w2 * min));
	}
	function squarify(areas, x, y, w, h) {
		var out = [], i = 0, n = areas.length, j, sum, best, r, k, t;
		while (i < n) {
			var side = Math.min(w, h);
			sum = areas[i];
			best = worst(sum, areas[i], areas[i], side);
			for (j = i + 1; j < n; j++) {
				r = worst(sum + areas[j], areas[i], areas[j], side);
				if (r > best)
					break;
				best = r;
				sum += areas[j];
			}
			if (w >= h) {
				t = sum / h;
				for (k = i, r = y; k < j; r += areas[k] / t, k++)
					out.push([x, r, t, areas[k] / t]);
				x += t;
				w -= t;
			} else {
				t = sum / w;
				for (k = i, r = x; k < j; r += areas[k] / t, k++)
					out.push([r, y, areas[k] / t, t]);
				y += t;
				h -= t;
			}
			i = j;
		}
		return out;
	}

	/* --- the treemap view */

	var tm = { path: [], box: null, crumbs: null, list: null };

	function cellLabel(k, total) {
		var p = total > 0 ? (100 * k.size / total).toFixed(1) : '0.0';
		var s = k.name + ': ' + k.size + ' bytes, ' + p + ' %';
		if (k.old !== undefined)
			s += ', ' + (k.old === null ? 'new' : 'was ' + k.old +
			    ' (' + signed(k.size - k.old) + ')');
		return s;
	}
	function cellClass(k, i) {
		var d;
		if (k.old === undefined)
			return 'k' + ((tm.path.length * 3 + i) % 8);
		d = k.size - (k.old || 0);
		return d > 0 ? 'd-grow' : d < 0 ? 'd-shrink' : 'd-same';
	}
	function drawCells(kids, total) {
		var shown = kids.filter(function (k) { return k.size > 0; });
		var rest = shown.slice(MAX_CELLS), w = tm.box.clientWidth || 800;
		var h = tm.box.clientHeight || 400, rects, areas;
		shown = shown.slice(0, MAX_CELLS);
		if (rest.length)
			shown.push({ name: rest.length + ' smaller items', leaf: true,
			    rest: true, size: rest.reduce(function (a, k) {
				return a + k.size; }, 0) });
		areas = shown.map(function (k) { return k.size * w * h / total; });
		rects = squarify(areas, 0, 0, w, h);
		tm.box.replaceChildren();
		shown.forEach(function (k, i) {
			var r = rects[i], c = el(k.leaf ? 'div' : 'button', {
			    class: 'cell ' + (k.rest ? 'rest' : cellClass(k, i)) +
			    (k.leaf ? ' leaf' : ''), title: cellLabel(k, total),
			    'aria-label': k.leaf ? null : cellLabel(k, total) +
			    ': open', 'data-name': k.name, 'data-size': k.size,
			    style: 'left:' + (100 * r[0] / w) + '%;top:' +
			    (100 * r[1] / h) + '%;width:' + (100 * r[2] / w) +
			    '%;height:' + (100 * r[3] / h) + '%' },
			    [el('span', { text: k.name }),
			    el('span', { text: k.size })]);
			if (!k.leaf)
				c.addEventListener('click', function () {
					openPath(tm.path.concat([k.name]), true);
				});
			tm.box.append(c);
		});
	}
	function drawCrumbs() {
		var names = ['All regions'].concat(tm.path);
		tm.crumbs.replaceChildren();
		names.forEach(function (n, i) {
			var b = el('button', { type: 'button', text: n,
			    'aria-current': i === names.length - 1 ? 'location' : null });
			b.addEventListener('click', function () {
				openPath(tm.path.slice(0, i), true);
			});
			tm.crumbs.append(b);
		});
	}
	function drawList(kids, total) {
		var diff = OLD !== null, rows, head, cap;
		head = [['Name', false], ['Bytes', true], ['% of ' +
		    (tm.path.length ? tm.path[tm.path.length - 1] : 'all'), true]];
		if (diff)
			head.push(['Old bytes', true], ['Change', true]);
		rows = kids.slice(0, MAX_ROWS).map(function (k) {
			var name = k.leaf ? k.name : el('button', { type: 'button',
			    class: 'linkish', text: k.name });
			var cells = [name, k.size, total > 0 ?
			    (100 * k.size / total).toFixed(2) : '0.00'];
			if (!k.leaf)
				name.addEventListener('click', function () {
					openPath(tm.path.concat([k.name]), true);
				});
			if (diff)
				cells.push(k.old === null ? 'new' : k.old,
				    signed(k.size - (k.old || 0)));
			if (k.address !== undefined)
				cells[0] = k.name + ' @ ' + hex(k.address);
			return { cells: cells, attrs: { 'data-name': k.name } };
		});
		cap = 'Contents of ' + (tm.path.join(' › ') || 'all regions') +
		    ': ' + total + ' bytes' + (kids.length > MAX_ROWS ?
		    ' (the ' + MAX_ROWS + ' largest of ' + kids.length + ')' : '');
		tm.list.replaceChildren(table(cap, head, rows, { id: 'tm-table' }));
	}
	/* Show PATH: lay out its children only. */
	function openPath(path, focus) {
		var kids = withOld(path, children(R, path)), total;
		kids.sort(function (a, b) {
			return b.size - a.size || (a.name < b.name ? -1 : 1);
		});
		total = kids.reduce(function (a, k) { return a + k.size; }, 0);
		tm.path = path;
		tm.box.setAttribute('data-path', JSON.stringify(path));
		tm.box.setAttribute('aria-label', 'Treemap of ' +
		    (path.join(' › ') || 'all regions') + '; Backspace goes up');
		drawCrumbs();
		drawCells(kids, total);
		drawList(kids, total);
		if (focus) {
			var first = tm.box.querySelector('button');
			(first || tm.crumbs.lastChild).focus();
		}
	}
	function treemapView() {
		var s = section('treemap', 'Treemap');
		s.append(el('p', { text: 'Region › output section › archive › ' +
		    'object › symbol, sized by bytes. Click or press Enter on a ' +
		    'box to open it; Backspace or Escape goes up. ' +
		    (R.regions.some(function (g) {
			return g.sections.some(function (x) { return x.inputs; });
		    }) ? 'Archives and objects have the bytes the map gives ' +
		    'them, as in the tables; ' : 'Without the map, archives ' +
		    'and objects count their symbols; ') + 'a symbol counts ' +
		    'each byte once.' +
		    (OLD ? ' Red grew, green shrank since OLD.' : '') }));
		tm.crumbs = el('nav', { id: 'crumbs', 'aria-label': 'Treemap path' });
		tm.box = el('div', { id: 'tm', role: 'group' });
		tm.list = el('div');
		tm.box.addEventListener('keydown', function (e) {
			if ((e.key === 'Backspace' || e.key === 'Escape') &&
			    tm.path.length > 0) {
				e.preventDefault();
				openPath(tm.path.slice(0, -1), true);
			}
		});
		s.append(tm.crumbs, tm.box, tm.list);
		openPath([], false);
	}

	/* --- the address map */

	function regionFindings(name) {
		return (R.findings || []).map(function (f, i) {
			return [f, i];
		}).filter(function (p) { return p[0].region === name; });
	}
	/* Window origins: the region's, then its aliases'. */
	function windows(g) {
		return [g.origin].concat((g.aliases || []).map(function (a) {
			return a.origin;
		}));
	}
	/*
	 * ADDR as a percentage of the bar: a section linked through an
	 * alias sits at its offset in that window (the same memory).
	 */
	function place(g, addr) {
		var span = g.length !== null ? g.length : Math.max(g.used, 1);
		var w = windows(g).find(function (o) {
			return addr >= o && addr <= o + span;
		});
		var p = 100 * (addr - (w === undefined ? g.origin : w)) / span;
		return Math.max(0, Math.min(100, p));
	}
	function viaAlias(g, addr) {
		return windows(g).slice(1).some(function (o) {
			return addr >= o && addr < o + (g.length || 0);
		});
	}
	function mapMarks(bar, g) {
		[['warn', g.budget.warn], ['error', g.budget.error]].forEach(
		    function (b) {
			if (b[1] !== null && g.length !== null)
				bar.append(el('div', { class: 'budget', title:
				    b[0] + ' budget: ' + b[1] + ' bytes', style:
				    'left:' + place(g, g.origin + b[1]) + '%' }));
		});
		var o = findRegion(OLD, g.name);
		if (o)
			bar.append(el('div', { class: 'old', title: 'OLD used ' +
			    o.used + ' bytes', style: 'left:' +
			    place(g, g.origin + o.used) + '%' }));
		/* Dots close together go on rows of their own: each stays
		 * clickable. */
		var rows = [];
		regionFindings(g.name).map(function (p) {
			var f = p[0];
			return p.concat([place(g, f.address !== null ? f.address :
			    g.origin + g.used)]);
		}).sort(function (a, b) { return a[2] - b[2]; }).forEach(
		    function (p) {
			var f = p[0], m, row = 0;
			while (row < rows.length && p[2] - rows[row] < 1.5)
				row++;
			rows[row] = p[2];
			m = el('button', { type: 'button', id: 'fmark-' + p[1],
			    class: 'fmark ' + f.severity, style: 'left:' + p[2] +
			    '%;top:' + (row * 14) + 'px', 'aria-label': 'finding ' +
			    (p[1] + 1) + ': ' + f.rule + (f.symbol ? ' ' + f.symbol :
			    '') });
			m.addEventListener('click', function () { showFinding(p[1]); });
			bar.append(m);
		});
	}
	function regionBar(g, i) {
		var sized = g.length !== null, d, bar, span;
		span = sized ? g.length : Math.max(g.used, 1);
		d = el('div', { class: 'region fill-' + g.status, id: 'region-' + i,
		    'data-region': g.name }, [el('div', { class: 'region-head' }, [
		    el('h3', { text: g.name + (g.kind ? ' (' + g.kind + ')' : '') }),
		    el('span', { text: g.used + (sized ? ' of ' + g.length +
		    ' bytes used (' + pct(g.percent) + ' %), ' + g.free + ' free' :
		    ' bytes used, length unknown') + (g.status !== 'ok' ?
		    ', ' + g.status.replace('_', ' ') : '') })])]);
		bar = el('div', { class: 'bar', role: 'group', 'aria-label':
		    g.name + ' from ' + hex(g.origin) + ', its output sections' });
		g.sections.forEach(function (s) {
			var b;
			if (s.size === 0)
				return;
			var at = ' bytes at ' + hex(s.address) +
			    (viaAlias(g, s.address) ? ', through an alias' : '');
			b = el('button', { type: 'button', class: 'sec' +
			    (s.load_image ? ' load' : ''), title: loadKey(s) + ': ' +
			    s.size + at, 'aria-label': loadKey(s) + ', ' + s.size +
			    at, 'data-section': loadKey(s), style: 'left:' + place(g, s.address) +
			    '%;width:' + Math.min(100 * s.size / span, 100 -
			    place(g, s.address)) + '%' });
			b.addEventListener('click', function () {
				openPath(s.load_image && !s.inputs ? [g.name] :
				    [g.name, loadKey(s)], true);
				doc.getElementById('treemap').scrollIntoView();
			});
			bar.append(b);
		});
		mapMarks(bar, g);
		d.append(bar, el('div', { class: 'axis', 'aria-hidden': 'true' }, [
		    el('span', { text: hex(g.origin) + (g.aliases &&
		    g.aliases.length ? ', also at ' + g.aliases.map(function (a) {
			return hex(a.origin);
		    }).join(', ') : '') }),
		    el('span', { text: sized ? hex(g.origin + g.length) : '?' })]));
		return d;
	}
	function mapView() {
		var s = section('map', 'Address map');
		s.append(el('p', { text: 'Each bar is one region to scale, from ' +
		    'its origin to its end (aliases, other addresses of the ' +
		    'same memory, drawn in the same bar), filled by its ' +
		    'output sections ' +
		    '(hatched: load images); dashed lines mark budgets, dots ' +
		    'findings' + (OLD ? ', grey lines the use in OLD' : '') +
		    '. Colour says how full: green ok, amber over the warning ' +
		    'budget, red over the error budget or overflowing.' }));
		R.regions.forEach(function (g, i) { s.append(regionBar(g, i)); });
		if (R.outside.length)
			s.append(table('Outside every region', [['Section', false],
			    ['Address', false], ['Bytes', true]],
			    R.outside.map(function (o) {
				return { cells: [o.name, hex(o.address), o.size] };
			})));
	}

	/* --- findings */

	function showFinding(i) {
		var f = doc.getElementById('finding-' + i);
		doc.querySelectorAll('.hl').forEach(function (e) {
			e.classList.remove('hl');
		});
		f.classList.add('hl');
		f.focus();
	}
	function findingsView() {
		var s = section('findings', 'Findings'), sum = R.summary;
		s.append(el('p', { text: sum.errors + ' errors, ' + sum.warnings +
		    ' warnings, ' + sum.waived + ' waived' }));
		R.findings.forEach(function (f, i) {
			var where = f.file ? f.file + (f.line !== null ? ':' + f.line :
			    '') : null, a = null, at;
			if (f.region !== null && findRegion(R, f.region)) {
				a = el('a', { href: '#fmark-' + i, text: 'on the map' });
				a.addEventListener('click', function (e) {
					var m = doc.getElementById('fmark-' + i);
					e.preventDefault();
					m.classList.add('hl');
					m.scrollIntoView({ block: 'center' });
					m.focus();
				});
			}
			at = [f.symbol, f.address !== null ? f.size + ' bytes at ' +
			    hex(f.address) : null, f.section, f.region].filter(
			    function (x) { return x; }).join(', ');
			s.append(el('article', { class: 'finding ' + f.severity +
			    (f.waived ? ' waived' : ''), id: 'finding-' + i,
			    tabindex: '-1', 'data-rule': f.rule, 'data-symbol': f.symbol,
			    'data-address': f.address }, [
			    el('p', {}, [el('span', { class: 'sev-' + f.severity,
			    text: (f.waived ? 'waived ' : '') + f.severity }),
			    ' [' + f.rule + '] ' + (where ? where : '')]),
			    el('p', { text: f.message }),
			    el('p', {}, [at, a ? ' · ' : '', a]),
			    f.waived && f.waiver ? el('p', { text: 'waived: ' +
			    f.waiver }) : null]));
		});
	}

	/* --- stacks */

	function stacksView() {
		var s = section('stacks', 'Worst-case stacks');
		s.append(table('Per root', [['Root', false], ['Kind', false],
		    ['Worst', true], ['Total', true], ['Reserved', true],
		    ['Headroom', true]], R.stacks.map(function (k) {
			return { attrs: { 'data-root': k.root }, cells: [k.root,
			    k.kind, k.worst + (k.lower_bound ? '+' : ''), k.total,
			    k.reserved, k.reserved === null ? '-' :
			    k.reserved - k.total] };
		})));
		R.stacks.forEach(function (k) {
			s.append(folded('Deepest path from ' + k.root + (k.why ?
			    ' (' + k.why + ')' : ''), table('Frames, root first',
			    [['Function', false], ['Frame', true], ['Source', false]],
			    k.path.map(function (f) {
				return { cells: [f.function, f.known ? f.frame : '?',
				    f.file ? f.file + ':' + f.line : '-'] };
			}))));
		});
	}

	/* --- diff */

	/* A worst case as the text table writes it: ">=" for a lower bound. */
	function stackFigure(side) {
		return side ? (side.lower_bound ? '>=' : '') + side.total : '-';
	}
	/* The roots' worst cases in OLD and NEW, as diff's stack table. */
	function diffStacks(s) {
		if (DIFF.stacks === undefined)
			return;
		if (DIFF.stacks === null) {
			s.append(el('p', { text: 'Worst-case stack: only one ' +
			    'build has stack data (give --old-stack-usage and ' +
			    '--new-stack-usage).' }));
			return;
		}
		s.append(table('Worst-case stack changes', [['Root', false],
		    ['Kind', false], ['Change', false], ['Old', true],
		    ['New', true], ['Delta', true], ['Reserved', true],
		    ['Headroom', true], ['Over a limit', false]],
		    DIFF.stacks.map(function (d) {
			var side = d.new || d.old, lower = (d.old &&
			    d.old.lower_bound) || (d.new && d.new.lower_bound);
			return { attrs: { 'data-root': d.root, class: d.delta > 0 ?
			    'grow' : d.delta < 0 ? 'shrink' : null }, cells: [
			    d.root, d.kind, d.change, stackFigure(d.old),
			    stackFigure(d.new), signed(d.delta),
			    num(side.reserved), side.headroom === null ? '-' :
			    (lower ? '<=' : '') + side.headroom,
			    d.exceeded ? 'yes' : 'no'] };
		})));
	}
	function diffView() {
		var s = section('diff', 'Changes');
		s.append(el('p', { text: 'OLD ' + DIFF.old.input + ' (' +
		    DIFF.old.type + '), NEW ' + DIFF.new.input + ' (' +
		    DIFF.new.type + '): ' + (DIFF.failed ?
		    'a growth limit is exceeded' : 'within the growth limits') }));
		s.append(table('Regions', [['Region', false], ['Change', false],
		    ['Old used', true], ['New used', true], ['Delta', true],
		    ['Delta %', true], ['Over a limit', false]],
		    DIFF.regions.map(function (d) {
			return { attrs: { 'data-region': d.name, class:
			    d.delta.used > 0 ? 'grow' : d.delta.used < 0 ?
			    'shrink' : null }, cells: [d.name, d.change,
			    d.old ? d.old.used : '-', d.new ? d.new.used : '-',
			    signed(d.delta.used), d.delta.percent === null ? '-' :
			    (d.delta.percent > 0 ? '+' : '') + pct(d.delta.percent),
			    d.exceeded ? 'yes' : 'no'] };
		})));
		if (DIFF.growth_limits.length)
			s.append(table('Growth limits', [['Limit', false],
			    ['Applies to', false], ['Exceeded', false]],
			    DIFF.growth_limits.map(function (l) {
				return { cells: [l.limit, l.stack ? 'the stack of ' +
				    (l.stack.root || 'every root') :
				    l.region || 'every region',
				    l.exceeded ? 'yes' : 'no'] };
			})));
		diffStacks(s);
		['archives', 'objects', 'symbols'].forEach(function (k) {
			if (DIFF[k] && DIFF[k].length)
				s.append(table('Largest ' + k + ' changes', [['Name', false],
				    ['Region', false], ['Old', true], ['New', true],
				    ['Delta', true]], DIFF[k].map(function (d) {
					return { cells: [d.name, d.region, d.old, d.new,
					    signed(d.delta)] };
				})));
		});
	}

	/* --- the tables */

	function itemsTable(g, k) {
		var items = g[k].slice(0, 200);
		return folded(g.name + ': ' + k + ' (' + g[k].length + ')',
		    table(g.name + ' by ' + k + (g[k].length > 200 ?
		    ' (the first 200)' : ''), [['Name', false], ['Bytes', true]],
		    items.map(function (it) {
			return { cells: [it.name, it.size] };
		})));
	}
	function tablesView() {
		var s = section('tables', 'Tables');
		s.append(table('Regions', [['Region', false], ['Kind', false],
		    ['Origin', false], ['Length', true], ['Used', true],
		    ['Free', true], ['Used %', true], ['Warn budget', true],
		    ['Error budget', true], ['Status', false]],
		    R.regions.map(function (g) {
			return { attrs: { 'data-region': g.name, class: 'st-' +
			    g.status }, cells: [g.name, g.kind || '-', hex(g.origin),
			    g.length, g.used, g.free, pct(g.percent), g.budget.warn,
			    g.budget.error, g.status] };
		}), { id: 'regions-table' }));
		R.regions.forEach(function (g) {
			s.append(folded(g.name + ': output sections (' +
			    g.sections.length + ')', table(g.name + ' by output ' +
			    'section', [['Section', false], ['Address', false],
			    ['Bytes', true]], g.sections.map(function (x) {
				return { cells: [loadKey(x), hex(x.address), x.size] };
			}).concat(g.padding > 0 ? [{ cells: ['(alignment and gaps)',
			    '', g.padding] }] : []))));
			['archives', 'objects', 'symbols'].forEach(function (k) {
				if (g[k])
					s.append(itemsTable(g, k));
			});
		});
	}

	function summary() {
		var p = doc.getElementById('summary'), t;
		t = R.kind + ' report' + (R.board ? ' of board ' + R.board : '') +
		    ': ' + [R.inputs.elf, R.inputs.map].filter(function (x) {
			return x; }).join(', ');
		if (R.kind === 'check')
			t += '; ' + R.summary.errors + ' errors, ' +
			    R.summary.warnings + ' warnings';
		if (DIFF)
			t += '; diff against ' + DIFF.old.input;
		p.textContent = t;
	}

	summary();
	mapView();
	treemapView();
	if (R.kind === 'check' || R.findings.length)
		findingsView();
	if (R.stacks && R.stacks.length)
		stacksView();
	if (DIFF)
		diffView();
	tablesView();
	window.addEventListener('beforeprint', function () {
		doc.querySelectorAll('details').forEach(function (d) {
			d.open = true;
		});
	});
	performance.mark('memfit-ready');
	doc.documentElement.setAttribute('data-ready', '1');
})();
