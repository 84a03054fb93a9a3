# Builds the API and the page, then runs them on one port.
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
ENV NX_NO_CLOUD=true NX_DAEMON=false NG_CLI_ANALYTICS=false
# The workspaces' manifests first, so that the install layer is reused until they change.
COPY package.json package-lock.json .npmrc ./
COPY libs/contracts/package.json libs/contracts/
COPY libs/sdk/package.json libs/sdk/
COPY libs/cli/package.json libs/cli/
COPY libs/cli/bin libs/cli/bin
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx nx run-many -t build -p api web --outputStyle=static

FROM node:20.20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json .npmrc ./
COPY libs/contracts/package.json libs/contracts/
COPY libs/sdk/package.json libs/sdk/
COPY libs/cli/package.json libs/cli/
COPY libs/cli/bin libs/cli/bin
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/libs/contracts/dist libs/contracts/dist
COPY --from=build /app/dist dist
# Push subscriptions without Redis (PUSH_SUBSCRIPTIONS_FILE): mount a volume here to keep them.
RUN mkdir -p data && chown node:node data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/apps/api/main.js"]
