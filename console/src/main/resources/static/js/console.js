// Caduceus console: the little the pages do in the browser. No eval, no inline handlers.
(function () {
	'use strict';

	// every htmx request carries the session's CSRF token, as every form does
	document.addEventListener('htmx:configRequest', function (event) {
		var token = document.querySelector('meta[name="csrf-token"]');
		if (token) {
			event.detail.headers['X-CSRF-Token'] = token.getAttribute('content');
		}
	});

	// countdowns to deadlines (NIS2 reports, escalation SLAs)
	function left(ms) {
		var late = ms < 0;
		var s = Math.floor(Math.abs(ms) / 1000);
		var d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
		var text = (d > 0 ? d + ' d ' : '') + (d > 0 || h > 0 ? h + ' h ' : '') + m + ' min';
		return late ? 'overdue by ' + text : 'in ' + text;
	}
	function tick() {
		var now = Date.now();
		document.querySelectorAll('[data-countdown]').forEach(function (el) {
			var at = Date.parse(el.getAttribute('data-countdown'));
			if (isNaN(at)) { return; }
			el.textContent = left(at - now);
			el.title = new Date(at).toISOString();
			el.classList.toggle('overdue', at < now);
		});
	}
	document.addEventListener('DOMContentLoaded', tick);
	document.addEventListener('htmx:afterSwap', tick);
	setInterval(tick, 15000);

	// keyboard: / search, n new incident, j/k move in a list, Enter open, ? help
	var selected = -1;
	function rows() { return Array.prototype.slice.call(document.querySelectorAll('[data-list] tr[data-row]')); }
	function select(index) {
		var all = rows();
		if (all.length === 0) { return; }
		selected = Math.max(0, Math.min(all.length - 1, index));
		all.forEach(function (row, i) { row.classList.toggle('selected', i === selected); });
		all[selected].scrollIntoView({ block: 'nearest' });
	}
	document.addEventListener('keydown', function (event) {
		var target = event.target;
		if (event.ctrlKey || event.metaKey || event.altKey) { return; }
		if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { return; }
		switch (event.key) {
			case '/':
				var search = document.getElementById('search');
				event.preventDefault();
				if (search) { search.focus(); } else { window.location.href = '/incidents#search'; }
				break;
			case 'n':
				window.location.href = '/incidents/new';
				break;
			case 'j': select(selected + 1); break;
			case 'k': select(selected - 1); break;
			case 'Enter':
				var all = rows();
				if (selected >= 0 && all[selected]) { window.location.href = all[selected].getAttribute('data-href'); }
				break;
			case '?':
				var help = document.getElementById('help');
				if (help && help.showModal) { help.showModal(); }
				break;
			default:
		}
	});
	document.addEventListener('DOMContentLoaded', function () {
		if (window.location.hash === '#search') {
			var search = document.getElementById('search');
			if (search) { search.focus(); }
		}
	});
})();
