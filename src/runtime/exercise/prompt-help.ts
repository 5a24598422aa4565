// What kubelab's exercise prompt takes, in one line (the prompt and the terminal UI both show it).
export const PROMPT_HELP = 'kubectl … runs against the lab (apply -f <file> from your workspace, delete, get, describe, logs …) · h: a hint · solution · skip · check · q: leave (the exercise stays open)';
