// The only script on learner pages (issue 21): it registers the offline worker, and asks it to send
// what waits when the connection returns. Pages work the same without it.
if ('serviceWorker' in navigator) {
	navigator.serviceWorker.register('/service-worker.js');
	addEventListener('online', function () {
		navigator.serviceWorker.ready.then(function (r) {
			if (r.active) r.active.postMessage('send');
		});
	});
}
