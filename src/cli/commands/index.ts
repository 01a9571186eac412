import type { Command } from '../command';

/** Every CLI command, in the order `--help` lists them. Command modules live beside this file. */
export const commands: readonly Command[] = [];
