// Runs around every test file: on PostgreSQL, each test's databases are dropped when it ends.
import { afterAll, afterEach, beforeEach } from 'vitest';
import { dropTestDatabases, engine, markInsideTest } from './engine';

if (engine === 'postgres') {
	beforeEach(() => markInsideTest(true));
	afterEach(() => {
		markInsideTest(false);
		return dropTestDatabases('test');
	});
	afterAll(() => dropTestDatabases('file'));
}
