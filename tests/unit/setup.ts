// Runs around every test file: on PostgreSQL, each test's databases are dropped when it ends.
import { afterAll, afterEach } from 'vitest';
import { dropTestDatabases, engine } from './engine';

if (engine === 'postgres') {
	afterEach(() => dropTestDatabases('test'));
	afterAll(() => dropTestDatabases('file'));
}
