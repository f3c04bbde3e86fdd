/** The antd theme, shared by the console and the resident portal. */
import type { ThemeConfig } from 'antd';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1f5fbf',
    borderRadius: 6,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Helvetica Neue", Arial, sans-serif',
  },
  components: {
    Layout: { headerBg: '#ffffff', siderBg: '#0f2a4f', headerPadding: '0 24px' },
    Menu: { darkItemBg: '#0f2a4f', darkSubMenuItemBg: '#0c2342', darkItemSelectedBg: '#1f5fbf' },
  },
};
