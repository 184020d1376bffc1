import { afterEach, describe, expect, it } from 'vitest';
import { md, readDemo, removeTempDirs, writeDemo } from './content-fixture';

afterEach(removeTempDirs);

const rubric = [
	{
		id: 'plan',
		title: 'The plan',
		levels: [
			{ points: 0, label: 'Missing' },
			{ points: 2, label: 'Clear' }
		]
	}
];
const english = (data: Record<string, unknown> = {}) =>
	md({ title: 'A one-page plan', accepted: ['pdf', 'docx'], rubric, ...data }, 'Write your plan.');

describe('assignment.md in content/', () => {
	it('is read with its rubric, size and translations; Cyrillic is made from Serbian Latin', () => {
		const { course, errors } = readDemo(
			writeDemo({
				'demo/02-practice/assignment.md': english({ max_mb: 5 }),
				'demo/02-practice/assignment.sr-Latn.md': md(
					{
						title: 'Plan na jednoj strani',
						rubric: [{ id: 'plan', title: 'Plan', levels: [{ label: 'Nema' }, { label: 'Jasan' }] }]
					},
					'Napišite plan.'
				)
			})
		);
		expect(errors).toEqual([]);
		const a = course!.modules[1].assignment!;
		expect(a).toMatchObject({
			accepted: ['pdf', 'docx'],
			maxBytes: 5 * 1024 * 1024,
			rubric: [{ id: 'plan', points: [0, 2] }]
		});
		expect(a.texts['sr-Cyrl']?.title).toBe('План на једној страни');
	});

	it('names each problem: unknown file type, points out of range, a translation with other criteria', () => {
		const { errors } = readDemo(
			writeDemo({
				'demo/02-practice/assignment.md': english({
					accepted: ['exe'],
					rubric: [
						{
							id: 'plan',
							title: 'The plan',
							levels: [
								{ points: 0, label: 'Missing' },
								{ points: 500, label: 'Clear' }
							]
						}
					]
				}),
				'demo/01-intro/assignment.md': english(),
				'demo/01-intro/assignment.sq.md': md(
					{ title: 'Plani', rubric: [{ id: 'other', title: 'Tjetër', levels: [{ label: 'a' }, { label: 'b' }] }] },
					'Shkruani.'
				)
			})
		);
		expect(errors.some((e) => e.startsWith('demo/02-practice/assignment.md: accepted.0'))).toBe(true);
		expect(errors.some((e) => e.startsWith('demo/02-practice/assignment.md: rubric.0.levels.1.points'))).toBe(true);
		expect(errors).toContain(
			'demo/01-intro/assignment.sq.md: rubric: differs from the English one (criterion ids, order or number of levels)'
		);
	});

	it('refuses requires_assignments in a course without any assignment', () => {
		const { errors } = readDemo(
			writeDemo({ 'demo/course.md': md({ title: 'Demo', summary: 'A demo.', requires_assignments: true }, 'Intro.') })
		);
		expect(errors).toContain('demo/course.md: requires_assignments: the course has no assignment');
	});

	it('reads scope: organisation, and refuses an organisation_assignment rule that names no such assignment', () => {
		const course = (cert: Record<string, unknown>) =>
			md({ title: 'Demo', summary: 'A demo.', certificate: { modules: 'all', ...cert } }, 'Intro.');
		const good = readDemo(
			writeDemo({
				'demo/course.md': course({ organisation_assignment: 'practice' }),
				'demo/02-practice/assignment.md': english({ scope: 'organisation' })
			})
		);
		expect(good.errors).toEqual([]);
		expect(good.course!.organisationAssignment).toBe('practice');
		expect(good.course!.modules[1].assignment!.scope).toBe('organisation');

		const personal = readDemo(
			writeDemo({
				'demo/course.md': course({ organisation_assignment: 'practice' }),
				'demo/02-practice/assignment.md': english()
			})
		);
		expect(personal.errors).toContain(
			'demo/course.md: certificate.organisation_assignment: module "practice" has no assignment with scope: organisation'
		);
		const unknown = readDemo(writeDemo({ 'demo/course.md': course({ organisation_assignment: 'nowhere' }) }));
		expect(unknown.errors).toContain(
			'demo/course.md: certificate.organisation_assignment names an unknown module "nowhere"'
		);
		const wrongScope = readDemo(writeDemo({ 'demo/02-practice/assignment.md': english({ scope: 'team' }) }));
		expect(wrongScope.errors.some((e) => e.startsWith('demo/02-practice/assignment.md: scope'))).toBe(true);
	});
});
