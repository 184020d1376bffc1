import type { RequestHandler } from './$types';
import { exportSnapshot } from '$lib/server/http/indicator-exports';

export const GET: RequestHandler = (event) => exportSnapshot(event, 'pdf');
