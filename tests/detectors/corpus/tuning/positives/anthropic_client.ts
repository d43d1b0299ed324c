import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic({
  apiKey: '⟦anthropic_api_key/api03:sk-ant-api03-04bfwVJAWiK1-Y_wjYks_YIFZfFayhdlyFYelUXGzqZCngZkRagD2fbk37ZQDt2_2mkisGdeyyG_EihWZ3D6_bMOV-9jrAA⟧',
  maxRetries: 3,
});

export async function review(diff: string): Promise<string> {
  const msg = await anthropic.messages.create({
    model: 'claude-3-5-sonnet-20241022',
    max_tokens: 1024,
    messages: [{ role: 'user', content: `Review this diff:\n${diff}` }],
  });
  return msg.content[0].type === 'text' ? msg.content[0].text : '';
}
