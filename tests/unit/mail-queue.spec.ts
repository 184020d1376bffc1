// Mail built and sent after the response (security probe: the forgotten-password page must not take
// longer for an address with an account because it builds and starts the mail before answering).
import { describe, expect, it, vi } from 'vitest';
import { queueMail } from '$lib/server/platform/mail-queue';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('queueMail', () => {
	it('returns before the mail is built, then builds and sends it', async () => {
		const build = vi.fn(() => ({ to: 'milica@example.org', subject: 'Reset', body: 'Link' }));
		const send = vi.fn(async () => true);
		queueMail(build, send);
		expect(build).not.toHaveBeenCalled();
		expect(send).not.toHaveBeenCalled();
		await nextTurn();
		expect(build).toHaveBeenCalledOnce();
		expect(send).toHaveBeenCalledWith('milica@example.org', 'Reset', 'Link');
	});

	it('sends nothing when there is nothing to send, and survives a failing build or send', async () => {
		const send = vi.fn(async () => true);
		queueMail(() => null, send);
		const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
		queueMail(() => {
			throw new Error('no template');
		}, send);
		const failing = vi.fn(async () => {
			throw new Error('smtp down');
		});
		queueMail(() => ({ to: 'a@example.org', subject: 's', body: 'b' }), failing);
		await nextTurn();
		await nextTurn();
		expect(send).not.toHaveBeenCalled();
		expect(failing).toHaveBeenCalledOnce();
		expect(error).toHaveBeenCalledOnce();
		error.mockRestore();
	});
});
