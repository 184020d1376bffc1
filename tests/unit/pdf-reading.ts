// Reading the PDFs the platform makes, with PDF.js (unpdf): no tool outside npm is needed.
import { extractText, getDocumentProxy } from 'unpdf';

/** The text PDF.js reads off every page, with line breaks folded to spaces. */
export async function pdfText(pdf: Buffer | Uint8Array): Promise<string> {
	const doc = await getDocumentProxy(new Uint8Array(pdf));
	const { text } = await extractText(doc, { mergePages: true });
	return text.replace(/\s+/g, ' ');
}

/** Page count and each page's size in points. */
export async function pdfPages(pdf: Buffer | Uint8Array): Promise<{ width: number; height: number }[]> {
	const doc = await getDocumentProxy(new Uint8Array(pdf));
	const pages = [];
	for (let i = 1; i <= doc.numPages; i++) {
		const { width, height } = (await doc.getPage(i)).getViewport({ scale: 1 });
		pages.push({ width, height });
	}
	return pages;
}
