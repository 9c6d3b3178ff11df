/**
 * The protocol section as a Word document (.docx, written with the `docx` library): headings,
 * paragraphs and real Word tables (header rows repeat on every page, rows never split), so the
 * section can be pasted into a protocol and edited there.
 */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import type { Cell, ProtocolDoc, ProtocolTable } from "./protocol.js";
import { VERSION } from "../version.js";

const FONT = "Calibri";

function cellOf(x: Cell, column: number, header: boolean): TableCell {
  return new TableCell({
    columnSpan: x.span && x.span > 1 ? x.span : undefined,
    children: [
      new Paragraph({
        alignment: column === 0 || (x.span ?? 1) > 1 ? AlignmentType.LEFT : AlignmentType.RIGHT,
        children: [new TextRun({ text: x.text, bold: header || x.bold, font: FONT, size: 18 })],
      }),
    ],
  });
}

function tableOf(t: ProtocolTable): (Paragraph | Table)[] {
  const rows = [
    new TableRow({ tableHeader: true, cantSplit: true, children: t.header.map((x, i) => cellOf(x, i, true)) }),
    ...t.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((x, i) => cellOf(x, i, false)) })),
  ];
  const out: (Paragraph | Table)[] = [
    new Paragraph({ keepNext: true, spacing: { before: 160, after: 80 }, children: [new TextRun({ text: t.caption, italics: true, font: FONT })] }),
    new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } }),
  ];
  if (t.note) out.push(new Paragraph({ spacing: { before: 80, after: 160 }, children: [new TextRun({ text: t.note, size: 18, font: FONT })] }));
  return out;
}

/** The protocol section as the bytes of a .docx file (an array buffer from the zip writer: the same in Node and in a browser, where the studio writes it). */
export async function protocolDocx(doc: ProtocolDoc): Promise<Uint8Array> {
  const children: (Paragraph | Table)[] = [];
  for (const b of doc.blocks) {
    if (b.kind === "heading") children.push(new Paragraph({ heading: b.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2, keepNext: true, children: [new TextRun({ text: b.text })] }));
    else if (b.kind === "paragraph") children.push(new Paragraph({ spacing: { after: 120 }, children: [new TextRun({ text: b.text, font: FONT })] }));
    else children.push(...tableOf(b.table));
  }
  const document = new Document({
    creator: `doseladder ${VERSION}`,
    title: doc.title,
    description: "Statistical design section written by doseladder protocol",
    sections: [{ children }],
  });
  return new Uint8Array(await Packer.toArrayBuffer(document));
}
