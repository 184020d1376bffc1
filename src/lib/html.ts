// Rendered Markdown as pages show it. A wide table scrolls sideways in its own box on a phone
// (content/markdown.ts wraps it); a box that scrolls must take keyboard focus to be scrolled
// without a mouse, so the box gets tabindex="0" here, where the stored HTML is shown.
export function withFocusableScrollBoxes(html: string): string {
	return html.replaceAll('<div class="table-wrap">', '<div class="table-wrap" tabindex="0">');
}
