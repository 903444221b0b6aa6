import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: {
    width: 28,
    height: 28,
    flexShrink: 0,
  },
});

/** The Golden Path mark: a path climbing to a golden point. */
export const LogoIcon = () => {
  const classes = useStyles();

  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 32 32"
      role="img"
      aria-label="Golden Path"
    >
      <path
        d="M4 28 C 10 26, 10 18, 16 16 S 24 8, 26 6"
        fill="none"
        stroke="#f5c242"
        strokeWidth="4"
        strokeLinecap="round"
      />
      <circle cx="26" cy="6" r="4" fill="#ffe08a" />
    </svg>
  );
};
