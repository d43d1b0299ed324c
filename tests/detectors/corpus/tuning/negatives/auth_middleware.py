from fastapi import HTTPException, Request


async def require_token(request: Request) -> str:
    token = request.headers.get("Authorization")
    if not token or not token.startswith("Bearer "):
        raise HTTPException(status_code=401, detail="missing bearer token")
    access_token = token.removeprefix("Bearer ").strip()
    if not await request.app.state.tokens.is_valid(access_token):
        raise HTTPException(status_code=401, detail="invalid token")
    return access_token
