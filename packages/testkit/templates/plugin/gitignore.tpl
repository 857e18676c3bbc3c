node_modules/
dist/
*.tsbuildinfo
*.sqlite
