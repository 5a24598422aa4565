// Lesson files are Markdown; a section starts at a heading with an explicit id: "## Title {#id}".
export interface LessonSection {
  id: string;
  title: string;
  body: string;
  line: number;
}

const heading = /^#{2,3}\s+(.+?)\s+\{#([a-z0-9-]+)\}\s*$/;

export function parseLesson(markdown: string): Map<string, LessonSection> {
  const sections = new Map<string, LessonSection>();
  let current: LessonSection | undefined;
  const lines = markdown.split('\n');
  lines.forEach((line, index) => {
    const match = heading.exec(line);
    if (match) {
      current = { id: match[2]!, title: match[1]!, body: '', line: index + 1 };
      sections.set(current.id, current);
    } else if (current) {
      current.body += `${line}\n`;
    }
  });
  for (const section of sections.values()) section.body = reflow(section.body.trim());
  return sections;
}

/** Joins the lines of each paragraph and list item, so the terminal can wrap them to its width. */
function reflow(body: string): string {
  return body
    .split(/\n{2,}/)
    // a list item's continuation lines are indented in the source; joined, the indent is not kept
    .map((paragraph) => paragraph.replace(/\n(?!- )[ \t]*/g, ' ').replace(/\*\*(.+?)\*\*/g, '$1'))
    .join('\n\n');
}
