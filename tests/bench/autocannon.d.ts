// The part of autocannon 9 that the benchmark uses (the package ships no types, and there is no
// @types package for version 9).
declare module 'autocannon' {
	import type { EventEmitter } from 'node:events';

	interface AutocannonRequest {
		method?: string;
		path?: string;
		headers?: Record<string, string>;
		body?: string | Buffer;
	}

	interface AutocannonRequestSpec extends AutocannonRequest {
		setupRequest?: (request: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
		onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string | string[]>) => void;
	}

	interface AutocannonOptions {
		url: string;
		connections?: number;
		duration?: number;
		pipelining?: number;
		timeout?: number;
		method?: string;
		headers?: Record<string, string>;
		body?: string | Buffer;
		requests?: AutocannonRequestSpec[];
	}

	interface Histogram {
		average: number;
		mean: number;
		stddev: number;
		min: number;
		max: number;
		total: number;
		p50: number;
		p90: number;
		p97_5: number;
		p99: number;
	}

	interface AutocannonResult {
		duration: number;
		requests: Histogram & { sent: number };
		latency: Histogram;
		throughput: Histogram;
		errors: number;
		timeouts: number;
		non2xx: number;
		statusCodeStats: Record<string, { count: number }>;
		'1xx': number;
		'2xx': number;
		'3xx': number;
		'4xx': number;
		'5xx': number;
	}

	interface AutocannonInstance extends EventEmitter, PromiseLike<AutocannonResult> {
		stop(): void;
	}

	function autocannon(options: AutocannonOptions): AutocannonInstance;
	export default autocannon;
	export type { AutocannonInstance, AutocannonOptions, AutocannonRequest, AutocannonRequestSpec, AutocannonResult };
}
