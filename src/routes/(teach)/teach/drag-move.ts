// Drag and drop for the course structure on /teach, where JavaScript runs: dropping a module or
// lesson on a sibling posts the same move form as the buttons (with how many places it went), so
// the server, the undo and the page after it are the same as without JavaScript.

export interface DragParams {
	kind: 'module' | 'lesson';
	id: number;
	/** Items move only among their own siblings: lessons within one module, modules within a course. */
	group: string;
	index: number;
	form: HTMLFormElement | undefined;
}

let dragging: DragParams | null = null;

export function dragToMove(node: HTMLElement, initial: DragParams) {
	let params = initial;
	const accepts = () => dragging !== null && dragging.group === params.group && dragging.id !== params.id;

	function start(event: DragEvent) {
		// A lesson sits inside its module: the innermost item is the one dragged.
		event.stopPropagation();
		dragging = params;
		event.dataTransfer?.setData('text/plain', `${params.kind}:${params.id}`);
		if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
	}
	function over(event: DragEvent) {
		if (!accepts()) return;
		event.preventDefault();
		event.stopPropagation();
		node.classList.add('drop-target');
	}
	function leave() {
		node.classList.remove('drop-target');
	}
	function drop(event: DragEvent) {
		node.classList.remove('drop-target');
		if (!accepts() || !dragging || !params.form) return;
		event.preventDefault();
		event.stopPropagation();
		const from = dragging.index;
		const fields = params.form.elements;
		const set = (name: string, value: string) => ((fields.namedItem(name) as HTMLInputElement).value = value);
		set('kind', dragging.kind);
		set('id', String(dragging.id));
		set('direction', params.index < from ? 'up' : 'down');
		set('steps', String(Math.abs(params.index - from)));
		dragging = null;
		params.form.requestSubmit();
	}
	function end() {
		dragging = null;
	}

	node.addEventListener('dragstart', start);
	node.addEventListener('dragover', over);
	node.addEventListener('dragleave', leave);
	node.addEventListener('drop', drop);
	node.addEventListener('dragend', end);
	return {
		update(next: DragParams) {
			params = next;
		},
		destroy() {
			node.removeEventListener('dragstart', start);
			node.removeEventListener('dragover', over);
			node.removeEventListener('dragleave', leave);
			node.removeEventListener('drop', drop);
			node.removeEventListener('dragend', end);
		}
	};
}
