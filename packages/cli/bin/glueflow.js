#!/usr/bin/env node
// Thin launcher so the bin exists before `tsc -b` has built dist/ (pnpm links bins at install).
import '../dist/bin.js';
