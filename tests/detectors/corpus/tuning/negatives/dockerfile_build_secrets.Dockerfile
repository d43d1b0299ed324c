# syntax=docker/dockerfile:1.7
FROM node:20.14-alpine AS build
WORKDIR /app
ARG NPM_TOKEN
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
COPY . .
RUN npm run build

FROM nginx:1.27-alpine
COPY --from=build /app/dist /usr/share/nginx/html
