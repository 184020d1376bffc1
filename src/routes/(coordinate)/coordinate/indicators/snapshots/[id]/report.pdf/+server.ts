import type { RequestHandler } from './$types';
import { exportSnapshot } from '../../../exports.server';

export const GET: RequestHandler = (event) => exportSnapshot(event, 'pdf');
