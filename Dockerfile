# syntax=docker/dockerfile:1
# Multi-stage build: compile TypeScript and the better-sqlite3 addon in a build stage, ship only what runs.

FROM node:20-slim AS build
WORKDIR /app
# better-sqlite3 builds from source when no prebuilt binary can be fetched.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-slim
ENV NODE_ENV=production \
    NEWSBOT_CONFIG=/app/config/newsbot.yaml
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY config ./config
COPY schemas ./schemas
# SQLite data lives on a volume (the shipped config uses sqlite://data/newsbot.sqlite, relative to /app).
RUN mkdir -p /app/data && chown -R node:node /app/data
VOLUME ["/app/data"]
USER node
# Set http.port in the config to expose /healthz and /metrics.
CMD ["node", "dist/cli.js", "run"]
