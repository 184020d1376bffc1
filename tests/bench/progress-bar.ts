// A progress bar on stderr (stdout is kept for the result table). Without a terminal it prints a
// line at every quarter instead of redrawing.

export class ProgressBar {
	private readonly started = performance.now();
	private lastQuarter = -1;

	constructor(
		private readonly label: string,
		private readonly total: number
	) {}

	update(done: number): void {
		const share = this.total === 0 ? 1 : done / this.total;
		const seconds = ((performance.now() - this.started) / 1000).toFixed(1);
		if (process.stderr.isTTY) {
			const width = 30;
			const filled = Math.round(share * width);
			process.stderr.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)} % ${done}/${this.total} ${seconds} s`);
			return;
		}
		const quarter = Math.floor(share * 4);
		if (quarter !== this.lastQuarter) {
			this.lastQuarter = quarter;
			process.stderr.write(`${this.label}: ${Math.round(share * 100)} % (${done}/${this.total}, ${seconds} s)\n`);
		}
	}

	done(): void {
		if (process.stderr.isTTY) process.stderr.write('\n');
	}
}
