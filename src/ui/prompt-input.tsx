// One line of input: Tab fills in the suggestion, Enter submits, Backspace and Ctrl+U edit.
import { Box, Text, useInput } from 'ink';
import { useRef, useState } from 'react';

export interface PromptInputProps {
  label: string;
  suggestion?: string;
  initial?: string;
  active: boolean;
  onSubmit: (line: string) => void;
}

export function PromptInput({ label, suggestion = '', initial = '', active, onSubmit }: PromptInputProps) {
  // Keys can arrive faster than renders, so the line lives in a ref and the state only redraws it.
  const line = useRef(initial);
  const [value, setValue] = useState(initial);
  const update = (next: string) => {
    line.current = next;
    setValue(next);
  };
  const submit = () => {
    const submitted = line.current;
    update('');
    onSubmit(submitted);
  };
  const fill = () => {
    if (suggestion.startsWith(line.current)) update(suggestion);
  };
  useInput(
    (input, key) => {
      if (key.return) submit();
      else if (key.tab) fill();
      else if (key.backspace || key.delete) update(line.current.slice(0, -1));
      else if (key.ctrl && input === 'u') update('');
      else if (!key.ctrl && !key.meta && input && !key.upArrow && !key.downArrow && !key.leftArrow && !key.rightArrow && !key.escape) {
        // Keys typed fast or pasted arrive as one chunk, Tab and Enter included: replay them in order.
        for (const char of input) {
          if (char === '\t') fill();
          else if (char === '\r' || char === '\n') submit();
          else update(line.current + char);
        }
      }
    },
    { isActive: active },
  );
  const ghost = suggestion.startsWith(value) ? suggestion.slice(value.length) : '';
  return (
    <Box>
      <Text bold>{label}</Text>
      <Text>{value}</Text>
      <Text inverse> </Text>
      <Text dimColor>{ghost}</Text>
    </Box>
  );
}
