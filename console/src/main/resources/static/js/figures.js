// Draws the figures table as a bar chart; the table stays the source (and what a screen reader reads).
(function () {
	'use strict';
	document.addEventListener('DOMContentLoaded', function () {
		var canvas = document.getElementById('chart');
		if (!canvas || typeof Chart === 'undefined') { return; }
		var labels = [], counts = [];
		document.querySelectorAll('#figures tr[data-key]').forEach(function (row) {
			labels.push(row.getAttribute('data-key'));
			var count = row.getAttribute('data-count');
			counts.push(count === '' ? null : Number(count));
		});
		new Chart(canvas, {
			type: 'bar',
			data: { labels: labels, datasets: [{ label: 'incidents (suppressed groups left empty)', data: counts, backgroundColor: '#0b5ed7' }] },
			options: { maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true } } }
		});
	});
})();
