/** The antd theme, shared by the console and the resident portal. */
import type { ThemeConfig } from 'antd';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1f5fbf',
    // WCAG 2.1 AA (4.5:1 on white): antd's defaults for links (#1677ff), secondary text (45% black) and
    // placeholders (25%) are lighter than that; these are the lightest greys and blue that pass.
    colorLink: '#1f5fbf',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.58)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
    borderRadius: 6,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Helvetica Neue", Arial, sans-serif',
  },
  components: {
    Layout: { headerBg: '#ffffff', siderBg: '#0f2a4f', headerPadding: '0 24px' },
    Menu: { darkItemBg: '#0f2a4f', darkSubMenuItemBg: '#0c2342', darkItemSelectedBg: '#1f5fbf' },
  },
};
