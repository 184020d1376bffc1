import type { RequestHandler } from './$types';
import { exportLive } from '$lib/server/http/indicator-exports';

export const GET: RequestHandler = (event) => exportLive(event, 'pdf');
