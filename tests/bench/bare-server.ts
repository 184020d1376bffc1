// The baseline of P1: a bare node:http server that answers every request with the bytes of the
// lesson page as the app served them. Runs as a child process so that it gets a process of its own,
// as the app server does, and the load generator measures both the same way.
import { createServer } from 'node:http';

interface Page {
	body: string;
	headers: Record<string, string>;
}

process.once('message', (message: Page) => {
	const body = Buffer.from(message.body, 'base64');
	const headers = { ...message.headers, 'content-length': String(body.length) };
	const server = createServer((request, response) => {
		// Drain any request body, as the app does, then answer.
		request.resume();
		response.writeHead(200, headers);
		response.end(body);
	});
	server.listen(0, '127.0.0.1', () => {
		const address = server.address();
		process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
	});
	process.on('disconnect', () => process.exit(0));
});
