import type { RequestHandler } from './$types';
import { exportLive } from '../exports.server';

export const GET: RequestHandler = (event) => exportLive(event, 'csv');
