/** Reading a report folder back, for tests (here and in e2e/): the PNGs' sizes and the page's inline data. */
import { readFile } from 'node:fs/promises';
import type { ReportData } from '../report-data.js';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk (the first chunk, right after the signature). */
export async function pngSize(file: string): Promise<{ width: number; height: number; bytes: number }> {
  const png = await readFile(file);
  if (!png.subarray(0, 8).equals(SIGNATURE) || png.toString('ascii', 12, 16) !== 'IHDR') throw new Error(`${file} is not a PNG`);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), bytes: png.length };
}

/** The data the report page carries inline (what its script draws). */
export async function inlineReportData(htmlFile: string): Promise<ReportData> {
  const html = await readFile(htmlFile, 'utf8');
  const json = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)?.[1];
  if (json === undefined) throw new Error(`${htmlFile} carries no inline report data`);
  return JSON.parse(json) as ReportData;
}
