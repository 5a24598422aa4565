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
  useInput(
    (input, key) => {
      if (key.return) {
        const submitted = line.current;
        update('');
        onSubmit(submitted);
      } else if (key.tab) {
        if (suggestion.startsWith(line.current)) update(suggestion);
      } else if (key.backspace || key.delete) {
        update(line.current.slice(0, -1));
      } else if (key.ctrl && input === 'u') {
        update('');
      } else if (!key.ctrl && !key.meta && input && !key.upArrow && !key.downArrow && !key.leftArrow && !key.rightArrow && !key.escape) {
        // A pasted or fast-typed chunk may end with its own Enter.
        const end = input.search(/[\r\n]/);
        if (end < 0) return update(line.current + input);
        const submitted = line.current + input.slice(0, end);
        update('');
        onSubmit(submitted);
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
