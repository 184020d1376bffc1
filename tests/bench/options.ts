// Command-line options of `npm run bench`.

export interface BenchOptions {
	learners: number;
	/** Seconds per load measurement (P1 app, P1 bare, P3). */
	duration: number;
	connections: number;
	quick: boolean;
	/** Start the server with --cpu-prof and print where its CPU time went. */
	profile: boolean;
	/** Skip the Chromium measurements (P5). */
	browser: boolean;
	/** Only these pages in P1 (names as in the table); null: every page. */
	pages: string[] | null;
	/** Which engines to measure, side by side when both (sqlite by default). */
	database: 'sqlite' | 'postgres' | 'both';
	/** The PostgreSQL server (any database on it): the benchmark makes its own database there. */
	databaseUrl: string | null;
}

export const USAGE = `Usage: npm run bench [-- options]

  --learners N     learners in the benchmark cohort (default 10000; --quick: 300)
  --duration S     seconds per load measurement (default 10; --quick: 3)
  --connections N  concurrent connections of the load generator (default 50)
  --quick          small and short: a smoke test (CI)
  --profile        run the server with --cpu-prof and list where its CPU time went
  --no-browser     skip the Chromium measurements (P5)
  --pages a,b      measure only these pages in P1 (e.g. "course page,My learning")
  --database E     sqlite (default), postgres, or both (one table, the engines side by side)
  --database-url U the PostgreSQL server for --database postgres|both (default: TEST_DATABASE_URL,
                   else the test cluster of .ci/pg-start); the benchmark (re)creates civic_ops_bench there
  --help           this text

Builds when needed, seeds a synthetic database in a temporary folder, starts the production
server on a free loopback port, measures, prints one table and writes tests/.tmp/bench-results.json.
On PostgreSQL the same seeded data is copied in (npm run db:copy's code) before anything is measured.`;

function positiveInteger(name: string, value: string | undefined, max: number, min = 1): number {
	const n = Number(value);
	if (!value || !Number.isInteger(n) || n < min || n > max) {
		throw new Error(`${name} needs a whole number from ${min} to ${max} (got ${value ?? 'nothing'})`);
	}
	return n;
}

export function parseOptions(argv: string[]): BenchOptions | 'help' {
	const quick = argv.includes('--quick');
	const options: BenchOptions = {
		learners: quick ? 300 : 10_000,
		duration: quick ? 3 : 10,
		connections: 50,
		quick,
		profile: false,
		browser: true,
		pages: null,
		database: 'sqlite',
		databaseUrl: null
	};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
		const value = () => inline ?? argv[++i];
		switch (flag) {
			case '--quick':
				break;
			case '--learners':
				options.learners = positiveInteger('--learners', value(), 200_000, 20);
				break;
			case '--duration':
				options.duration = positiveInteger('--duration', value(), 600);
				break;
			case '--connections':
				options.connections = positiveInteger('--connections', value(), 1000);
				break;
			case '--profile':
				options.profile = true;
				break;
			case '--pages':
				options.pages = (value() ?? '').split(',').map((name) => name.trim());
				break;
			case '--database': {
				const engine = value();
				if (engine !== 'sqlite' && engine !== 'postgres' && engine !== 'both') {
					throw new Error(`--database needs sqlite, postgres or both (got ${engine ?? 'nothing'})`);
				}
				options.database = engine;
				break;
			}
			case '--database-url': {
				const url = value() ?? '';
				if (!/^postgres(ql)?:\/\/\S+$/i.test(url) || url.length > 500) throw new Error('--database-url needs a postgres:// URL');
				options.databaseUrl = url;
				break;
			}
			case '--no-browser':
				options.browser = false;
				break;
			case '--help':
			case '-h':
				return 'help';
			default:
				throw new Error(`unknown option ${argv[i]}\n\n${USAGE}`);
		}
	}
	return options;
}
