export async function login(req: Request, res: Response) {
  const { username, password } = req.body;
  const user = await users.findByName(username);
  if (!user || !(await bcrypt.compare(password, user.passwordHash))) {
    return res.status(401).json({ error: "invalid username or password" });
  }
  const token = signSession({ sub: user.id }, config.sessionSecret);
  res.cookie("session", token, { httpOnly: true, secure: true, sameSite: "strict" });
  return res.json({ ok: true });
}
